import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { PlatformRole, TenantRole } from "@/lib/auth/roles";
import { requireRecentPassword } from "@/lib/auth/step-up";
import { dbAccessFor, type DbAccess } from "@/lib/db/access";
import { featureAreaOfApiPath, type FeatureArea, type Tier } from "@/lib/emergency/tiers";
import type { Viewer } from "@/lib/auth/session";
import type { ApiEnv } from "@/lib/http/context";
import { degradeUnderCircuitBreaker } from "@/lib/http/middleware/circuit-breaker";
import { requireViewer, type RouteAccess } from "@/lib/http/middleware/require-viewer";
import { cachedBodyOf, ifNoneMatchHits } from "@/lib/http/cached-body";
import { invalidInput } from "@/lib/http/invalid-input";
import { addCatalogRoute } from "@/lib/http/route-catalog";

type BaseCtx = {
  requestId: string;
  viewer: Viewer;
  /** Writes go to `primary`; `read` routes to a replica unless this session wrote moments ago. */
  db: DbAccess;
  /** For the rare handler that must set a cookie or header. */
  http: Context<ApiEnv>;
};

/** A tenant route's handler: the tenant comes from the session, never from the request. */
export type TenantCtx = BaseCtx & { scope: "tenant"; tenantId: string; role: TenantRole };
/** A platform route's handler: acts on the whole platform, so it has no tenant of its own. */
export type PlatformCtx = BaseCtx & { scope: "platform"; tenantId: null; role: PlatformRole };
/** An account route's handler: the signed-in user's own session. */
export type AccountCtx = BaseCtx & { scope: "account"; tenantId: string | null; role: null };

/** What every handler gets: who is asking, in which scope, under which request id. */
export type RequestCtx = TenantCtx | PlatformCtx | AccountCtx;

type CtxOf<S extends RouteAccess["scope"]> = Extract<RequestCtx, { scope: S }>;

type AnyObjectSchema = z.ZodObject;

type RouteSpec<A extends RouteAccess, P extends AnyObjectSchema, Q extends AnyObjectSchema, B extends AnyObjectSchema, R extends z.ZodType> = {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI style, relative to /api: `/v1/templates/{id}`. */
  path: string;
  summary: string;
  tags: string[];
  /** The scope (tenant, platform or account) and the roles that may call it: see RouteAccess. */
  access: A;
  /**
   * Platform changes need a password entered in the last minutes (step-up), checked here for
   * every platform route that is not a GET. `false` only for a POST that changes nothing (a preview).
   */
  stepUp?: false;
  /**
   * What the circuit breaker may switch off: `core` (auth, health, dashboard, template reads,
   * ops and emergency) keeps working; `standard` and `optional` answer 503 while it is on.
   */
  tier: Tier;
  /** The feature area a per-area breaker matches; derived from the path when omitted. */
  area?: FeatureArea;
  request?: { params?: P; query?: Q; body?: B };
  response: { status: 200 | 201 | 202; schema: R; description: string };
  /**
   * The handler answers with objects the cache owns (read-only, the same object on every hit of
   * an entry): their JSON bytes and ETag are then made once per cached object instead of once per
   * request, and a matching If-None-Match is answered 304.
   */
  returnsCachedObjects?: boolean;
  handler: (input: { ctx: CtxOf<A["scope"]>; params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }) => Promise<z.infer<R>>;
};

/** Platform changes: 403 `step_up_required` unless the password was entered in the last minutes. */
const requireStepUp: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const viewer = c.get("viewer");
  if (!viewer) throw new Error("requireViewer did not run"); // programming error, not input
  await requireRecentPassword({ requestId: c.get("requestId"), viewer, tenantId: null, http: c });
  return next();
};

type Scoped = Pick<TenantCtx, "scope" | "tenantId" | "role"> | Pick<PlatformCtx, "scope" | "tenantId" | "role"> | Pick<AccountCtx, "scope" | "tenantId" | "role">;

function scopedFor(access: RouteAccess, viewer: Viewer): Scoped {
  if (access.scope === "tenant") {
    if (!viewer.active) throw new Error("requireViewer let a viewer without a tenant through");
    return { scope: "tenant", tenantId: viewer.active.tenantId, role: viewer.active.role };
  }
  if (access.scope === "platform") {
    if (!viewer.platformRole) throw new Error("requireViewer let a viewer without a platform role through");
    return { scope: "platform", tenantId: null, role: viewer.platformRole };
  }
  return { scope: "account", tenantId: viewer.active?.tenantId ?? null, role: null };
}

/**
 * The handler's context for a viewer requireViewer has let through. A class, so every request's
 * context has one shape; the database access is bound on first use, as a cache hit never needs it.
 */
class HandlerContext {
  #db: DbAccess | undefined;
  readonly requestId: string;

  constructor(
    readonly scope: RequestCtx["scope"],
    readonly tenantId: string | null,
    readonly role: RequestCtx["role"],
    readonly viewer: Viewer,
    readonly http: Context<ApiEnv>,
  ) {
    this.requestId = http.get("requestId");
  }

  get db(): DbAccess {
    return (this.#db ??= dbAccessFor(this.http.req.header("cookie") ?? null));
  }
}

function requestCtx(access: RouteAccess, viewer: Viewer, c: Context<ApiEnv>): RequestCtx {
  const scoped = scopedFor(access, viewer);
  return new HandlerContext(scoped.scope, scoped.tenantId, scoped.role, viewer, c) as RequestCtx;
}

/**
 * A GET route's query and path parameters, checked with the route's schemas in one synchronous
 * step (the generic validator is an async layer per target and parses asynchronously).
 */
function validateGetInput(params: AnyObjectSchema | undefined, query: AnyObjectSchema | undefined): MiddlewareHandler<ApiEnv> {
  return (c, next) => {
    if (query) {
      const raw: Record<string, string | string[]> = {};
      for (const [name, values] of Object.entries(c.req.queries())) raw[name] = values.length === 1 ? values[0]! : values;
      const parsed = query.safeParse(raw);
      if (!parsed.success) throw invalidInput("query", parsed.error.issues);
      c.req.addValidatedData("query", parsed.data);
    }
    if (params) {
      const parsed = params.safeParse(c.req.param());
      if (!parsed.success) throw invalidInput("param", parsed.error.issues);
      c.req.addValidatedData("param", parsed.data);
    }
    return next();
  };
}

/** The ETag's scope: whose data a cached body is (see cached-body.ts). */
function bodyScope(ctx: RequestCtx): string {
  if (ctx.scope === "tenant") return `tenant:${ctx.tenantId}`;
  return ctx.scope === "platform" ? "platform" : `user:${ctx.viewer.user.id}`;
}

/**
 * Declares an authenticated JSON route: one set of zod schemas validates the input, types the
 * handler and documents the route. Handlers hold no logic beyond calling a service.
 */
export function defineRoute<A extends RouteAccess, P extends AnyObjectSchema, Q extends AnyObjectSchema, B extends AnyObjectSchema, R extends z.ZodType>(
  spec: RouteSpec<A, P, Q, B, R>,
) {
  const area = spec.area ?? featureAreaOfApiPath(spec.path);
  const needsStepUp = spec.access.scope === "platform" && spec.method !== "get" && spec.stepUp !== false;
  return (app: OpenAPIHono<ApiEnv>) => {
    addCatalogRoute({ method: spec.method.toUpperCase(), path: spec.path, summary: spec.summary, tier: spec.tier, area, access: spec.access, stepUp: needsStepUp });
    const route = createRoute({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      // The breaker answers before authentication: a degraded route costs no session lookup.
      // Step-up before the input is even read: a stale session learns first that it must re-enter its password.
      middleware: (needsStepUp
        ? [degradeUnderCircuitBreaker(spec.tier, area), requireViewer(spec.access), requireStepUp]
        : [degradeUnderCircuitBreaker(spec.tier, area), requireViewer(spec.access)]) as [MiddlewareHandler<ApiEnv>, ...MiddlewareHandler<ApiEnv>[]],
      request: {
        params: spec.request?.params,
        query: spec.request?.query,
        body: spec.request?.body ? { content: { "application/json": { schema: spec.request.body } }, required: true } : undefined,
      },
      responses: {
        [spec.response.status]: { description: spec.response.description, content: { "application/json": { schema: spec.response.schema } } },
      },
    });
    // Resolved once per route, not per request.
    const status = spec.response.status;
    const { params: paramsSchema, query: querySchema, body: bodySchema } = spec.request ?? {};
    const handle = async (c: Context<ApiEnv>) => {
      const viewer = c.get("viewer");
      if (!viewer) throw new Error("requireViewer did not run"); // programming error, not input
      const ctx = requestCtx(spec.access, viewer, c) as CtxOf<A["scope"]>;
      // The validator middleware has run; the casts only restate the schemas' inferred types.
      const result = await spec.handler({
        ctx,
        params: (paramsSchema ? c.req.valid("param" as never) : {}) as z.infer<P>,
        query: (querySchema ? c.req.valid("query" as never) : {}) as z.infer<Q>,
        body: (bodySchema ? c.req.valid("json" as never) : {}) as z.infer<B>,
      });
      if (!spec.returnsCachedObjects || result === null || typeof result !== "object") return c.json(result as object, status);
      // Authenticated JSON keeps `Cache-Control: no-store` (secureApiResponses): no browser or
      // proxy stores it. The ETag is for clients that keep the last answer themselves (pollers,
      // API-token scripts) and revalidate with If-None-Match: a 304 saves them the bytes.
      const body = cachedBodyOf(result, bodyScope(ctx));
      if (ifNoneMatchHits(c.req.header("if-none-match"), body.etag)) return c.body(null, 304, { ETag: body.etag });
      return c.body(body.bytes, status, { "Content-Type": "application/json", ETag: body.etag });
    };
    if (spec.method !== "get" || bodySchema) {
      app.openapi(route, handle as never);
      return;
    }
    // A GET: documented like any route, its input checked by validateGetInput.
    const { middleware, ...documented } = route;
    app.openAPIRegistry.registerPath(documented);
    app.on(["GET"], [spec.path.replaceAll(/\/{(.+?)}/g, "/:$1")], ...(middleware as MiddlewareHandler<ApiEnv>[]), validateGetInput(paramsSchema, querySchema), handle);
  };
}

export type RouteRegistration = ReturnType<typeof defineRoute>;

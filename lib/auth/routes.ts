import type { OpenAPIHono } from "@hono/zod-openapi";
import { setCookie } from "hono/cookie";
import { switchTenantSchema, viewerSchema } from "@/lib/auth/schemas";
import { TENANT_COOKIE } from "@/lib/auth/session";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { NotFoundError } from "@/lib/http/errors";
import { env } from "@/lib/env";

const getMe = defineRoute({
  method: "get",
  path: "/v1/me",
  summary: "The signed-in user, the active tenant and every tenant they belong to",
  tags: ["session"],
  access: { roles: "any" },
  response: { status: 200, schema: viewerSchema, description: "The viewer" },
  handler: async ({ ctx }) => ctx.viewer,
});

const switchTenant = defineRoute({
  method: "put",
  path: "/v1/session/tenant",
  summary: "Switch the active tenant to another one the user belongs to",
  tags: ["session"],
  access: { roles: "any" },
  request: { body: switchTenantSchema },
  response: { status: 200, schema: viewerSchema, description: "The viewer in the new tenant" },
  handler: async ({ ctx, body }) => {
    const target = ctx.viewer.memberships.find((membership) => membership.tenantId === body.tenantId);
    // Not a member: answer as if the tenant did not exist, so ids of other tenants leak nothing.
    if (!target) throw new NotFoundError(`tenant ${body.tenantId} not found`);
    setCookie(ctx.http, TENANT_COOKIE, target.tenantId, {
      httpOnly: true,
      sameSite: "Lax",
      secure: env().secureCookies,
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
    return { ...ctx.viewer, active: target };
  },
});

export function registerSessionRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [getMe, switchTenant]) register(app);
}

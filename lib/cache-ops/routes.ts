import type { OpenAPIHono } from "@hono/zod-openapi";
import type { PlatformRole } from "@/lib/auth/roles";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import {
  cacheStatusSchema,
  invalidateInputSchema,
  invalidateResultSchema,
  invalidationPreviewSchema,
  invalidationTargetSchema,
  warmInputSchema,
  warmResultSchema,
} from "./schemas";
import { getCacheStatus, invalidateCache, previewCacheInvalidation, warmCacheNow } from "./service";

const ACTION_ROLES: readonly PlatformRole[] = ["sre"];

const statusRoute = defineRoute({
  method: "get",
  path: "/v1/ops/cache",
  summary: "Cache mode, breaker state and this instance's hit, size, eviction and L2 latency figures",
  tags: ["ops", "cache"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: cacheStatusSchema, description: "Live cache status" },
  handler: () => getCacheStatus(),
});

const previewRoute = defineRoute({
  method: "post",
  path: "/v1/ops/cache/invalidations/preview",
  summary: "What invalidating a key or tag would remove, and the database load to expect (nothing is changed)",
  tags: ["ops", "cache"],
  access: { scope: "platform", roles: ACTION_ROLES },
  // Changes nothing: what the run would do, before the password is asked for.
  stepUp: false,
  tier: "core",
  request: { body: invalidationTargetSchema },
  response: { status: 200, schema: invalidationPreviewSchema, description: "Keys, tenants and expected extra load" },
  handler: ({ body }) => previewCacheInvalidation(body),
});

const invalidateRoute = defineRoute({
  method: "post",
  path: "/v1/ops/cache/invalidations",
  summary: "Invalidate a key or tag on every level and instance; audited",
  tags: ["ops", "cache"],
  access: { scope: "platform", roles: ACTION_ROLES },
  tier: "core",
  request: { body: invalidateInputSchema },
  response: { status: 200, schema: invalidateResultSchema, description: "Entries removed and the audit entry" },
  handler: ({ ctx, body }) => invalidateCache(ctx, body),
});

const warmRoute = defineRoute({
  method: "post",
  path: "/v1/ops/cache/warm",
  summary: "Run the cache warmers now (all, or one by name) in the answering instance; audited",
  tags: ["ops", "cache"],
  access: { scope: "platform", roles: ACTION_ROLES },
  tier: "core",
  request: { body: warmInputSchema },
  response: { status: 200, schema: warmResultSchema, description: "Counts per warmer and the audit entry" },
  handler: ({ ctx, body }) => warmCacheNow(ctx, body),
});

export function registerCacheOpsRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [statusRoute, previewRoute, invalidateRoute, warmRoute]) register(app);
}

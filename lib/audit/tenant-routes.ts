import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { auditPageSchema, tenantAuditListQuerySchema } from "./schemas";
import { listTenantAuditEntries } from "./service";

/**
 * A tenant admin's own audit trail: the entries of the session's tenant only. The platform's
 * view of every tenant lives under /v1/ops/audit, for platform managers.
 */
const tenantListRoute = defineRoute({
  method: "get",
  path: "/v1/audit",
  summary: "The active tenant's audit entries, newest first, filtered by actor, action prefix, target prefix and time",
  tags: ["audit"],
  access: { scope: "tenant", roles: ["admin"] },
  tier: "core",
  area: "dashboard",
  request: { query: tenantAuditListQuerySchema },
  response: { status: 200, schema: auditPageSchema, description: "A page of the tenant's entries and the cursor of the next" },
  handler: ({ ctx, query }) => listTenantAuditEntries(ctx, query),
});

export function registerTenantAuditRoutes(app: OpenAPIHono<ApiEnv>): void {
  tenantListRoute(app);
}

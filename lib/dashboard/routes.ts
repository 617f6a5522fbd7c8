import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { activeUsersSchema, dashboardStatsSchema } from "./schemas";
import { getActiveUsers, getDashboardStats } from "./service";

const statsRoute = defineRoute({
  method: "get",
  path: "/v1/dashboard/stats",
  summary: "The tenant's dashboard numbers: modules, templates, workflow runs (cached up to 10 minutes)",
  tags: ["dashboard"],
  access: { scope: "tenant", roles: "any" },
  tier: "core",
  response: { status: 200, schema: dashboardStatsSchema, description: "Dashboard stats" },
  handler: ({ ctx }) => getDashboardStats(ctx),
});

const activeUsersRoute = defineRoute({
  method: "get",
  path: "/v1/dashboard/active-users",
  summary: "Users of the tenant active within 5 minutes, 1 hour and 24 hours",
  tags: ["dashboard"],
  access: { scope: "tenant", roles: "any" },
  tier: "core",
  response: { status: 200, schema: activeUsersSchema, description: "Active user counts" },
  handler: ({ ctx }) => getActiveUsers(ctx),
});

export function registerDashboardRoutes(app: OpenAPIHono<ApiEnv>): void {
  statsRoute(app);
  activeUsersRoute(app);
}

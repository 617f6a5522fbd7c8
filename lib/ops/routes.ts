import type { OpenAPIHono } from "@hono/zod-openapi";
import { OPS_ROLES } from "@/lib/auth/roles";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { databaseStatusSchema, signalsQuerySchema, signalsResponseSchema } from "./schemas";
import { getDatabaseStatus, getSignals } from "./service";

const signalsRoute = defineRoute({
  method: "get",
  path: "/v1/ops/signals",
  summary: "Golden signals over a time range, with current values and threshold states",
  tags: ["ops"],
  access: { roles: OPS_ROLES },
  request: { query: signalsQuerySchema },
  response: { status: 200, schema: signalsResponseSchema, description: "Signals with their history" },
  handler: ({ query }) => getSignals(query),
});

const databaseRoute = defineRoute({
  method: "get",
  path: "/v1/ops/database",
  summary: "Pools and replicas as the data layer sees them now",
  tags: ["ops"],
  access: { roles: OPS_ROLES },
  response: { status: 200, schema: databaseStatusSchema, description: "Live database status" },
  handler: async () => getDatabaseStatus(),
});

export function registerOpsRoutes(app: OpenAPIHono<ApiEnv>): void {
  signalsRoute(app);
  databaseRoute(app);
}

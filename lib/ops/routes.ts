import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { getInstances, setInstanceCount } from "./instances";
import { readCapacityThresholds } from "@/lib/capacity/thresholds";
import { db } from "@/lib/db/client";
import { capacityThresholdsSchema, databaseStatusSchema, instancesStatusSchema, instanceCountInputSchema, signalsQuerySchema, signalsResponseSchema } from "./schemas";
import { getDatabaseStatus, getSignals } from "./service";

const signalsRoute = defineRoute({
  method: "get",
  path: "/v1/ops/signals",
  summary: "Golden signals over a time range, with current values and threshold states",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  request: { query: signalsQuerySchema },
  response: { status: 200, schema: signalsResponseSchema, description: "Signals with their history" },
  handler: ({ query }) => getSignals(query),
});

const databaseRoute = defineRoute({
  method: "get",
  path: "/v1/ops/database",
  summary: "Pools and replicas as the data layer sees them now",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: databaseStatusSchema, description: "Live database status" },
  handler: async () => getDatabaseStatus(),
});

const thresholdsRoute = defineRoute({
  method: "get",
  path: "/v1/ops/thresholds",
  summary: "The capacity thresholds in force, from the stored threshold rules",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: capacityThresholdsSchema, description: "CPU, memory, DB pool and p95 thresholds" },
  handler: () => db().read(readCapacityThresholds),
});

const instancesRoute = defineRoute({
  method: "get",
  path: "/v1/ops/instances",
  summary: "The app instances the local orchestrator runs",
  tags: ["ops"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: instancesStatusSchema, description: "Instances and limits" },
  handler: () => getInstances(),
});

const scaleRoute = defineRoute({
  method: "put",
  path: "/v1/ops/instances",
  summary: "Set the number of app instances (clamped to the orchestrator's min/max)",
  tags: ["ops"],
  access: { scope: "platform", roles: ["sre"] },
  tier: "core",
  request: { body: instanceCountInputSchema },
  response: { status: 200, schema: instancesStatusSchema, description: "Where the orchestrator settled" },
  handler: ({ ctx, body }) => setInstanceCount(body.desired, { userId: ctx.viewer.user.id, email: ctx.viewer.user.email, requestId: ctx.requestId }),
});

export function registerOpsRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [signalsRoute, databaseRoute, thresholdsRoute, instancesRoute, scaleRoute]) register(app);
}

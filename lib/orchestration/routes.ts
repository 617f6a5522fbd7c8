import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { executionPageSchema, listExecutionsQuerySchema } from "./schemas";
import { listWorkflowExecutions } from "./service";

const listExecutionsRoute = defineRoute({
  method: "get",
  path: "/v1/workflow-executions",
  summary: "The tenant's workflow executions, newest first (cursor pagination)",
  tags: ["workflows"],
  access: { roles: "any" },
  request: { query: listExecutionsQuerySchema },
  response: { status: 200, schema: executionPageSchema, description: "One page of executions" },
  handler: ({ ctx, query }) => listWorkflowExecutions(ctx, query),
});

export function registerOrchestrationRoutes(app: OpenAPIHono<ApiEnv>): void {
  listExecutionsRoute(app);
}

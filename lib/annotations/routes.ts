import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { annotationsQuerySchema, annotationsResponseSchema } from "./schemas";
import { listAnnotations } from "./service";

const annotationsRoute = defineRoute({
  method: "get",
  path: "/v1/ops/annotations",
  summary: "Procedure runs, alert transitions and scaling changes in a time window, for the ops charts",
  tags: ["ops"],
  tier: "core",
  access: { scope: "platform", roles: "any" },
  request: { query: annotationsQuerySchema },
  response: { status: 200, schema: annotationsResponseSchema, description: "Markers, oldest first" },
  handler: ({ ctx, query }) => listAnnotations(ctx, query),
});

export function registerAnnotationRoutes(app: OpenAPIHono<ApiEnv>): void {
  annotationsRoute(app);
}

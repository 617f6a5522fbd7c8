import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { listTemplatesQuerySchema, templatePageSchema } from "./schemas";
import { listTemplates } from "./service";

const listTemplatesRoute = defineRoute({
  method: "get",
  path: "/v1/templates",
  summary: "A category's templates, most popular first (cursor pagination)",
  tags: ["templates"],
  access: { roles: "any" },
  request: { query: listTemplatesQuerySchema },
  response: { status: 200, schema: templatePageSchema, description: "One page of templates" },
  handler: ({ ctx, query }) => listTemplates(ctx, query),
});

export function registerTemplateRoutes(app: OpenAPIHono<ApiEnv>): void {
  listTemplatesRoute(app);
}

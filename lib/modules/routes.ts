import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { activateModulesSchema, activationResultSchema } from "./schemas";
import { activateModules } from "./service";

const activateModulesRoute = defineRoute({
  method: "post",
  path: "/v1/modules/activations",
  summary: "Activate catalog modules for the tenant in one batch (all or none)",
  tags: ["modules"],
  access: { roles: ["admin"] },
  request: { body: activateModulesSchema },
  response: { status: 200, schema: activationResultSchema, description: "The tenant's activation rows" },
  handler: ({ ctx, body }) => activateModules(ctx, body),
});

export function registerModuleRoutes(app: OpenAPIHono<ApiEnv>): void {
  activateModulesRoute(app);
}

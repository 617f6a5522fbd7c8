import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import {
  activateModulesSchema,
  activationResultSchema,
  deactivationQuerySchema,
  deactivationResultSchema,
  moduleKeyParamsSchema,
  registryPageSchema,
  registryQuerySchema,
  resolutionQuerySchema,
  resolutionSchema,
  tenantModulePageSchema,
  tenantModulesQuerySchema,
} from "./schemas";
import { activateModules, deactivateModule, listRegistry, listTenantModules, previewResolution } from "./service";

const listRegistryRoute = defineRoute({
  method: "get",
  path: "/v1/modules",
  summary: "The module registry: every module with its versions and what each requires",
  tags: ["modules"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { query: registryQuerySchema },
  response: { status: 200, schema: registryPageSchema, description: "One page of modules by key" },
  handler: ({ ctx, query }) => listRegistry(ctx, query),
});

const previewResolutionRoute = defineRoute({
  method: "get",
  path: "/v1/modules/{key}/resolution",
  summary: "Dry run: the activation order for a module (dependencies first) and what the tenant already runs",
  tags: ["modules"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { params: moduleKeyParamsSchema, query: resolutionQuerySchema },
  response: { status: 200, schema: resolutionSchema, description: "The resolved plan" },
  handler: ({ ctx, params, query }) => previewResolution(ctx, params.key, query),
});

const activateModulesRoute = defineRoute({
  method: "post",
  path: "/v1/modules/activations",
  summary: "Resolve and activate modules with their dependencies for the tenant (all pending in one transaction, then started in order)",
  tags: ["modules"],
  access: { scope: "tenant", roles: ["admin"] },
  tier: "standard",
  request: { body: activateModulesSchema },
  response: { status: 202, schema: activationResultSchema, description: "The plan and the tenant's activation rows (pending until started)" },
  handler: ({ ctx, body }) => activateModules(ctx, body),
});

const listTenantModulesRoute = defineRoute({
  method: "get",
  path: "/v1/tenant-modules",
  summary: "The tenant's module activations with lifecycle state, timestamps and last error",
  tags: ["modules"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { query: tenantModulesQuerySchema },
  response: { status: 200, schema: tenantModulePageSchema, description: "One page of activations by module key" },
  handler: ({ ctx, query }) => listTenantModules(ctx, query),
});

const deactivateModuleRoute = defineRoute({
  method: "delete",
  path: "/v1/tenant-modules/{key}",
  summary: "Deactivate a module; refused while active modules depend on it unless cascade=true (dependents first)",
  tags: ["modules"],
  access: { scope: "tenant", roles: ["admin"] },
  tier: "standard",
  request: { params: moduleKeyParamsSchema, query: deactivationQuerySchema },
  response: { status: 200, schema: deactivationResultSchema, description: "The modules stopped, dependents first" },
  handler: ({ ctx, params, query }) => deactivateModule(ctx, params.key, query),
});

export function registerModuleRoutes(app: OpenAPIHono<ApiEnv>): void {
  listRegistryRoute(app);
  previewResolutionRoute(app);
  activateModulesRoute(app);
  listTenantModulesRoute(app);
  deactivateModuleRoute(app);
}

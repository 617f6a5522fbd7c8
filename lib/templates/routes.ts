import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import {
  createTemplateSchema,
  deletedTemplateSchema,
  listTemplatesQuerySchema,
  popularitySchema,
  templateCategoryListSchema,
  templatePageSchema,
  templateParamsSchema,
  templateSchema,
  updateTemplateSchema,
} from "./schemas";
import { changePopularity, createTemplate, deleteTemplate, getTemplate, listTemplateCategories, listTemplates, TEMPLATE_EDITOR_ROLES, updateTemplate } from "./service";

const listCategoriesRoute = defineRoute({
  method: "get",
  path: "/v1/template-categories",
  summary: "The tenant's template categories with their template counts",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "core",
  response: { status: 200, schema: templateCategoryListSchema, description: "Every category, by name" },
  handler: ({ ctx }) => listTemplateCategories(ctx),
});

const listTemplatesRoute = defineRoute({
  method: "get",
  path: "/v1/templates",
  summary: "Templates, most popular first, optionally of one category and matching a name search (cursor pagination)",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "core",
  request: { query: listTemplatesQuerySchema },
  response: { status: 200, schema: templatePageSchema, description: "One page of templates" },
  returnsCachedObjects: true,
  handler: ({ ctx, query }) => listTemplates(ctx, query),
});

const getTemplateRoute = defineRoute({
  method: "get",
  path: "/v1/templates/{id}",
  summary: "One template",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "core",
  request: { params: templateParamsSchema },
  response: { status: 200, schema: templateSchema, description: "The template" },
  returnsCachedObjects: true,
  handler: ({ ctx, params }) => getTemplate(ctx, params.id),
});

const createTemplateRoute = defineRoute({
  method: "post",
  path: "/v1/templates",
  summary: "Add a template to one of the tenant's categories (admin, audited)",
  tags: ["templates"],
  access: { scope: "tenant", roles: TEMPLATE_EDITOR_ROLES },
  tier: "standard",
  request: { body: createTemplateSchema },
  response: { status: 201, schema: templateSchema, description: "The new template" },
  handler: ({ ctx, body }) => createTemplate(ctx, body),
});

const updateTemplateRoute = defineRoute({
  method: "patch",
  path: "/v1/templates/{id}",
  summary: "Rename, describe or move a template to another category (admin, audited)",
  tags: ["templates"],
  access: { scope: "tenant", roles: TEMPLATE_EDITOR_ROLES },
  tier: "standard",
  request: { params: templateParamsSchema, body: updateTemplateSchema },
  response: { status: 200, schema: templateSchema, description: "The template as saved" },
  handler: ({ ctx, params, body }) => updateTemplate(ctx, params.id, body),
});

const deleteTemplateRoute = defineRoute({
  method: "delete",
  path: "/v1/templates/{id}",
  summary: "Delete a template (admin, audited)",
  tags: ["templates"],
  access: { scope: "tenant", roles: TEMPLATE_EDITOR_ROLES },
  tier: "standard",
  request: { params: templateParamsSchema },
  response: { status: 200, schema: deletedTemplateSchema, description: "The template as it was" },
  handler: ({ ctx, params }) => deleteTemplate(ctx, params.id),
});

const popularityRoute = defineRoute({
  method: "post",
  path: "/v1/templates/{id}/popularity",
  summary: 'Record a use of the template ({"kind":"use"}, any member) or set its 0–10 score ({"kind":"set","score":n}, admin, audited)',
  tags: ["templates"],
  // Members record uses; the service refuses a curated score from anyone but an admin.
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { params: templateParamsSchema, body: popularitySchema },
  response: { status: 200, schema: templateSchema, description: "The template with its new score" },
  handler: ({ ctx, params, body }) => changePopularity(ctx, params.id, body),
});

export function registerTemplateRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listCategoriesRoute, listTemplatesRoute, getTemplateRoute, createTemplateRoute, updateTemplateRoute, deleteTemplateRoute, popularityRoute]) register(app);
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { createDraftSchema, draftPageSchema, draftParamsSchema, draftSchema, listDraftsQuerySchema, renameDraftSchema } from "./schemas";
import { createDraft, getDraft, listDrafts, renameDraft } from "./service";

const createDraftRoute = defineRoute({
  method: "post",
  path: "/v1/template-drafts",
  summary: "Use a template: copy it into the tenant's library as a draft and count the use (any member, audited; idempotent per idempotencyKey)",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { body: createDraftSchema },
  response: { status: 201, schema: draftSchema, description: "The new draft, or the one an earlier request with the same key created" },
  handler: async ({ ctx, body }) => (await createDraft(ctx, body)).draft,
});

const listDraftsRoute = defineRoute({
  method: "get",
  path: "/v1/template-drafts",
  summary: "The tenant's template drafts, newest first (cursor pagination)",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { query: listDraftsQuerySchema },
  response: { status: 200, schema: draftPageSchema, description: "One page of drafts" },
  handler: ({ ctx, query }) => listDrafts(ctx, query),
});

const getDraftRoute = defineRoute({
  method: "get",
  path: "/v1/template-drafts/{id}",
  summary: "One template draft of the tenant",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { params: draftParamsSchema },
  response: { status: 200, schema: draftSchema, description: "The draft" },
  handler: ({ ctx, params }) => getDraft(ctx, params.id),
});

const renameDraftRoute = defineRoute({
  method: "patch",
  path: "/v1/template-drafts/{id}",
  summary: "Rename a template draft (any member, audited)",
  tags: ["templates"],
  access: { scope: "tenant", roles: "any" },
  tier: "standard",
  request: { params: draftParamsSchema, body: renameDraftSchema },
  response: { status: 200, schema: draftSchema, description: "The draft as saved" },
  handler: ({ ctx, params, body }) => renameDraft(ctx, params.id, body),
});

export function registerTemplateDraftRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [createDraftRoute, listDraftsRoute, getDraftRoute, renameDraftRoute]) register(app);
}

import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { apiTokenListSchema, apiTokenParamsSchema, createApiTokenSchema, createdApiTokenSchema, userApiTokenParamsSchema, userApiTokensParamsSchema } from "./schemas";
import { createApiToken, listOwnApiTokens, listUserApiTokens, revokeOwnApiToken, revokeUserApiToken } from "./service";

const revokedSchema = z.object({ revoked: z.literal(true) }).openapi("ApiTokenRevoked");

const listOwnRoute = defineRoute({
  method: "get",
  path: "/v1/account/tokens",
  summary: "The signed-in user's API tokens (never their secrets)",
  tags: ["account"],
  access: { scope: "account" },
  tier: "core",
  response: { status: 200, schema: apiTokenListSchema, description: "Newest first" },
  handler: ({ ctx }) => listOwnApiTokens(ctx),
});

const createOwnRoute = defineRoute({
  method: "post",
  path: "/v1/account/tokens",
  summary: "Create an API token for scripts and CI: one tenant or platform read-only, with an expiry; the secret is shown only in this answer (audited)",
  tags: ["account"],
  access: { scope: "account" },
  tier: "core",
  request: { body: createApiTokenSchema },
  response: { status: 201, schema: createdApiTokenSchema, description: "The token and its secret" },
  handler: ({ ctx, body }) => createApiToken(ctx, body),
});

const revokeOwnRoute = defineRoute({
  method: "delete",
  path: "/v1/account/tokens/{id}",
  summary: "Revoke one of the signed-in user's API tokens, on every instance at once (audited)",
  tags: ["account"],
  access: { scope: "account" },
  tier: "core",
  request: { params: apiTokenParamsSchema },
  response: { status: 200, schema: revokedSchema, description: "Revoked" },
  handler: ({ ctx, params }) => revokeOwnApiToken(ctx, params.id),
});

const listUserRoute = defineRoute({
  method: "get",
  path: "/v1/ops/users/{userId}/api-tokens",
  summary: "A user's API tokens (never their secrets)",
  tags: ["ops", "access"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  request: { params: userApiTokensParamsSchema },
  response: { status: 200, schema: apiTokenListSchema, description: "Newest first" },
  handler: ({ ctx, params }) => listUserApiTokens(ctx, params.userId),
});

const revokeUserRoute = defineRoute({
  method: "delete",
  path: "/v1/ops/users/{userId}/api-tokens/{id}",
  summary: "Revoke any user's API token, on every instance at once; audited, needs a recent password",
  tags: ["ops", "access"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  request: { params: userApiTokenParamsSchema },
  response: { status: 200, schema: revokedSchema, description: "Revoked" },
  handler: ({ ctx, params }) => revokeUserApiToken(ctx, params.userId, params.id),
});

export function registerApiTokenRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listOwnRoute, createOwnRoute, revokeOwnRoute, listUserRoute, revokeUserRoute]) register(app);
}

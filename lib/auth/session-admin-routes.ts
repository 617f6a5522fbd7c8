import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { listUserSessions, revokeUserSessions } from "./session-admin";

const paramsSchema = z.object({ userId: z.string().min(1).max(200) });

const sessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    lastActiveAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .openapi("UserSession");

const listRoute = defineRoute({
  method: "get",
  path: "/v1/ops/users/{userId}/sessions",
  summary: "A user's sessions: when each began, was last used and expires",
  tags: ["ops", "access"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  request: { params: paramsSchema },
  response: { status: 200, schema: z.object({ items: z.array(sessionSchema) }), description: "The user's sessions" },
  handler: async ({ ctx, params }) => ({ items: await listUserSessions(ctx.db.primary, params.userId) }),
});

const revokeRoute = defineRoute({
  method: "delete",
  path: "/v1/ops/users/{userId}/sessions",
  summary: "Sign a user out everywhere: every session ends on every instance at once; audited, needs a recent password",
  tags: ["ops", "access"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  request: { params: paramsSchema },
  response: { status: 200, schema: z.object({ revoked: z.number().int() }), description: "How many sessions ended" },
  handler: ({ ctx, params }) => revokeUserSessions(ctx.db.primary, params.userId, { userId: ctx.viewer.user.id, email: ctx.viewer.user.email, requestId: ctx.requestId }),
});

export function registerSessionAdminRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listRoute, revokeRoute]) register(app);
}

import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { PLATFORM_ROLES } from "@/lib/auth/roles";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { setPlatformRole } from "./platform-role-service";
import { listPlatformRoleHolders } from "./platform-roles";

const holderSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(PLATFORM_ROLES),
    grantedAt: z.iso.datetime(),
    grantedByUserId: z.string().nullable(),
  })
  .openapi("PlatformRoleHolder");

const setRoleSchema = z
  .strictObject({
    email: z.email("enter the email of an existing account").max(254),
    role: z.enum(PLATFORM_ROLES, "choose viewer, sre, manager or admin, or null to remove").nullable(),
  })
  .openapi("SetPlatformRoleInput");

const listRoute = defineRoute({
  method: "get",
  path: "/v1/ops/platform-roles",
  summary: "Everyone who holds a platform role, and since when",
  tags: ["ops", "access"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  response: { status: 200, schema: z.object({ items: z.array(holderSchema) }), description: "The platform's operators" },
  handler: async ({ ctx }) => ({ items: await listPlatformRoleHolders(ctx.db.primary) }),
});

const setRoute = defineRoute({
  method: "put",
  path: "/v1/ops/platform-roles",
  summary: "Grant, change or remove (role null) a user's platform role; audited, needs a recent password",
  tags: ["ops", "access"],
  access: { scope: "platform", roles: ["admin"] },
  tier: "core",
  request: { body: setRoleSchema },
  response: { status: 200, schema: z.object({ email: z.string(), role: z.enum(PLATFORM_ROLES).nullable() }), description: "The user's platform role now" },
  handler: ({ ctx, body }) => setPlatformRole(ctx.db.primary, body.email, body.role, { userId: ctx.viewer.user.id, email: ctx.viewer.user.email, requestId: ctx.requestId }),
});

export function registerPlatformRoleRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listRoute, setRoute]) register(app);
}

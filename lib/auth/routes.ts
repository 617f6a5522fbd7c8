import type { OpenAPIHono } from "@hono/zod-openapi";
import { setCookie } from "hono/cookie";
import { stepUpInputSchema, stepUpStatusSchema, switchTenantSchema, viewerSchema } from "@/lib/auth/schemas";
import { confirmPassword, stepUpStatus, type StepUpStatus } from "@/lib/auth/step-up";
import { TENANT_COOKIE } from "@/lib/auth/session";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { NotFoundError } from "@/lib/http/errors";
import { env } from "@/lib/env";

const getMe = defineRoute({
  method: "get",
  path: "/v1/me",
  summary: "The signed-in user, the active tenant and every tenant they belong to",
  tags: ["session"],
  access: { scope: "account" },
  tier: "core",
  response: { status: 200, schema: viewerSchema, description: "The viewer" },
  handler: async ({ ctx }) => ctx.viewer,
});

const switchTenant = defineRoute({
  method: "put",
  path: "/v1/session/tenant",
  summary: "Switch the active tenant to another one the user belongs to",
  tags: ["session"],
  access: { scope: "account" },
  tier: "core",
  request: { body: switchTenantSchema },
  response: { status: 200, schema: viewerSchema, description: "The viewer in the new tenant" },
  handler: async ({ ctx, body }) => {
    const target = ctx.viewer.memberships.find((membership) => membership.tenantId === body.tenantId);
    // Not a member: answer as if the tenant did not exist, so ids of other tenants leak nothing.
    if (!target) throw new NotFoundError(`tenant ${body.tenantId} not found`);
    setCookie(ctx.http, TENANT_COOKIE, target.tenantId, {
      httpOnly: true,
      sameSite: "Lax",
      secure: env().secureCookies,
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
    return { ...ctx.viewer, active: target };
  },
});

function stepUpBody(status: StepUpStatus) {
  return { verifiedAt: status.verifiedAt.toISOString(), validUntil: status.validUntil.toISOString(), required: status.required };
}

const getStepUp = defineRoute({
  method: "get",
  path: "/v1/auth/step-up",
  summary: "Whether dangerous actions need the password re-entered now",
  tags: ["session"],
  access: { scope: "account" },
  tier: "core",
  response: { status: 200, schema: stepUpStatusSchema, description: "When the password was last proven" },
  handler: async ({ ctx }) => stepUpBody(await stepUpStatus(ctx)),
});

const postStepUp = defineRoute({
  method: "post",
  path: "/v1/auth/step-up",
  summary: "Re-enter the password to unlock dangerous actions for a few minutes",
  tags: ["session"],
  access: { scope: "account" },
  tier: "core",
  request: { body: stepUpInputSchema },
  response: { status: 200, schema: stepUpStatusSchema, description: "Unlocked until validUntil" },
  handler: async ({ ctx, body }) => stepUpBody(await confirmPassword(ctx, body.password)),
});

export function registerSessionRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [getMe, switchTenant, getStepUp, postStepUp]) register(app);
}

import { z } from "@hono/zod-openapi";
import { PLATFORM_ROLES, TENANT_ROLES } from "@/lib/auth/roles";

export const membershipSchema = z
  .object({ tenantId: z.uuid(), tenantSlug: z.string(), tenantName: z.string(), role: z.enum(TENANT_ROLES) })
  .openapi("Membership");

export const viewerSchema = z
  .object({
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    // A union rather than .nullable(), which would make the shared Membership component nullable.
    active: z.union([membershipSchema, z.null()]),
    memberships: z.array(membershipSchema),
    /** The user's role on the platform (the ops control plane); null for customers. */
    platformRole: z.enum(PLATFORM_ROLES).nullable(),
  })
  .openapi("Viewer");

export const switchTenantSchema = z.object({ tenantId: z.uuid() }).openapi("SwitchTenantInput");
export type SwitchTenantInput = z.infer<typeof switchTenantSchema>;

export const stepUpStatusSchema = z
  .object({
    verifiedAt: z.iso.datetime(),
    validUntil: z.iso.datetime(),
    /** True when a dangerous action would be refused until the password is re-entered. */
    required: z.boolean(),
  })
  .openapi("StepUpStatus");

export const stepUpInputSchema = z.object({ password: z.string().min(1, "enter your password").max(1024) }).openapi("StepUpInput");

import { z } from "@hono/zod-openapi";

export const activateModulesSchema = z
  .object({ moduleIds: z.array(z.uuid()).min(1).max(1000) })
  .openapi("ActivateModulesInput");
export type ActivateModulesInput = z.infer<typeof activateModulesSchema>;

export const tenantModuleSchema = z
  .object({ id: z.uuid(), moduleId: z.uuid(), status: z.enum(["pending", "active", "failed", "inactive"]), activatedAt: z.iso.datetime(), updatedAt: z.iso.datetime() })
  .openapi("TenantModule");

export const activationResultSchema = z.object({ activations: z.array(tenantModuleSchema) }).openapi("ActivationResult");

import { z } from "@hono/zod-openapi";
import { parseRequirement } from "./rules";

const requirementText = z
  .string()
  .max(200)
  .refine((text) => parseRequirement(text) !== null, { message: "must be a module key, optionally with a semver range: crm-core or crm-core@^2.0.0" });

const moduleKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a module key (lowercase letters, digits and dashes)");

const pageLimit = z.coerce.number().int().min(1).max(200).default(100);

export const activateModulesSchema = z
  .object({ modules: z.array(requirementText).min(1).max(100).openapi({ example: ["crm-forecast", "invoicing@^2"] }) })
  .openapi("ActivateModulesInput");
export type ActivateModulesInput = z.infer<typeof activateModulesSchema>;

export const registryQuerySchema = z.object({ cursor: z.string().max(500).optional(), limit: pageLimit, q: z.string().trim().max(100).optional() });
export type RegistryQuery = z.infer<typeof registryQuerySchema>;

export const tenantModulesQuerySchema = z.object({ cursor: z.string().max(500).optional(), limit: pageLimit });
export type TenantModulesQuery = z.infer<typeof tenantModulesQuerySchema>;

export const moduleKeyParamsSchema = z.object({ key: moduleKey });

export const resolutionQuerySchema = z.object({
  range: z
    .string()
    .max(100)
    .refine((range) => parseRequirement(`x@${range}`) !== null, { message: "must be a semver range, e.g. ^2.0.0" })
    .optional(),
});
export type ResolutionQuery = z.infer<typeof resolutionQuerySchema>;

export const deactivationQuerySchema = z.object({
  cascade: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
});
export type DeactivationQuery = z.infer<typeof deactivationQuerySchema>;

const activationStatus = z.enum(["pending", "active", "failed", "inactive"]);

const registryVersionSchema = z.object({
  version: z.string(),
  requires: z.array(z.string()),
  isWithdrawn: z.boolean(),
  publishedAt: z.iso.datetime(),
});

export const registryModuleSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string(),
    /** Highest version that is not withdrawn; null when every version is. */
    latestVersion: z.string().nullable(),
    versions: z.array(registryVersionSchema),
  })
  .openapi("RegistryModule");
export type RegistryModuleOutput = z.infer<typeof registryModuleSchema>;

export const registryPageSchema = z.object({ items: z.array(registryModuleSchema), nextCursor: z.string().nullable() }).openapi("RegistryPage");

const plannedModuleSchema = z.object({
  key: z.string(),
  version: z.string(),
  requires: z.array(z.string()),
  /** 0 for no dependencies; modules on one level may start together. */
  level: z.number().int(),
  /** The tenant's current state of this module, or null when it was never activated. */
  status: activationStatus.nullable(),
  /** False when the module already runs (or is starting) at this version. */
  willActivate: z.boolean(),
});

export const resolutionSchema = z
  .object({
    requested: z.array(z.string()),
    /** Dependencies first: the order activation takes. */
    order: z.array(plannedModuleSchema),
    isCached: z.boolean(),
  })
  .openapi("ModuleResolution");
export type ResolutionOutput = z.infer<typeof resolutionSchema>;

export const tenantModuleSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    status: activationStatus,
    version: z.string().nullable(),
    /** Keys of the modules this activation needs active first. */
    dependsOn: z.array(z.string()),
    attempts: z.number().int(),
    error: z.string().nullable(),
    requestedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    deactivatedAt: z.iso.datetime().nullable(),
    checkedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("TenantModule");
export type TenantModuleOutput = z.infer<typeof tenantModuleSchema>;

export const tenantModulePageSchema = z.object({ items: z.array(tenantModuleSchema), nextCursor: z.string().nullable() }).openapi("TenantModulePage");

export const activationResultSchema = resolutionSchema
  .extend({ activations: z.array(tenantModuleSchema) })
  .openapi("ActivationResult");
export type ActivationResultOutput = z.infer<typeof activationResultSchema>;

export const deactivationResultSchema = z
  .object({
    /** Dependents first: the order they were stopped in. */
    deactivated: z.array(z.string()),
  })
  .openapi("DeactivationResult");
export type DeactivationResultOutput = z.infer<typeof deactivationResultSchema>;

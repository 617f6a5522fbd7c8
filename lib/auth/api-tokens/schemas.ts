import { z } from "@hono/zod-openapi";

export const API_TOKEN_MAX_DAYS = 365;

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The secret's first characters, to tell tokens apart; never enough to use one. */
    prefix: z.string(),
    scope: z.enum(["tenant", "platform_read"]),
    tenant: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .openapi("ApiToken");
export type ApiTokenOutput = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) }).openapi("ApiTokenList");

export const createApiTokenSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
    scope: z.discriminatedUnion("type", [
      z.object({ type: z.literal("tenant"), tenantId: z.uuid("Choose a tenant") }),
      z.object({ type: z.literal("platform_read") }),
    ]),
    expiresInDays: z
      .number("Expiry is required")
      .int("Expiry must be a whole number of days")
      .min(1, "Expiry must be at least 1 day")
      .max(API_TOKEN_MAX_DAYS, `Expiry must be at most ${API_TOKEN_MAX_DAYS} days`),
  })
  .openapi("CreateApiTokenInput");
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

/** The new token with its secret: the only response that ever carries it. */
export const createdApiTokenSchema = apiTokenSchema.extend({ secret: z.string() }).openapi("CreatedApiToken");

export const apiTokenParamsSchema = z.object({ id: z.uuid() });
export const userApiTokenParamsSchema = z.object({ userId: z.string().min(1).max(200), id: z.uuid() });
export const userApiTokensParamsSchema = z.object({ userId: z.string().min(1).max(200) });

import { z } from "@hono/zod-openapi";
import { activationResultSchema } from "@/lib/modules";
import { marketplaceItemDetailSchema } from "./schemas";

export const installItemSchema = z
  .object({
    acceptedPriceCents: z.number().int().min(0).optional().openapi({
      description: "For a paid item: the monthly price in cents the admin agreed to; refused if the price is different now",
    }),
  })
  .strict()
  .openapi("InstallMarketplaceItemInput");
export type InstallItemInput = z.infer<typeof installItemSchema>;

export const installResultSchema = z
  .object({
    item: marketplaceItemDetailSchema,
    /** False when the item's module (and so everything it needs) already ran for the tenant. */
    isNewInstall: z.boolean(),
    activation: activationResultSchema,
  })
  .openapi("MarketplaceInstallResult");
export type InstallResultOutput = z.infer<typeof installResultSchema>;

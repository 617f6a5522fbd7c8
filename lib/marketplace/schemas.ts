import { z } from "@hono/zod-openapi";
import { MARKETPLACE_CATEGORY_SLUGS, MARKETPLACE_SORTS } from "./categories";

const MAX_PRICE = 100_000;

/** A price in currency units with at most two decimals ("19.99"), as cents. */
const priceSchema = z.coerce
  .number()
  .min(0)
  .max(MAX_PRICE)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "at most two decimals")
  .transform((value) => Math.round(value * 100));

const categoryListSchema = z
  .string()
  .max(400)
  .transform((value, issues) => {
    const slugs = [...new Set(value.split(",").map((slug) => slug.trim()).filter(Boolean))];
    const unknown = slugs.filter((slug) => !(MARKETPLACE_CATEGORY_SLUGS as readonly string[]).includes(slug));
    if (unknown.length > 0) issues.addIssue({ code: "custom", message: `unknown categories: ${unknown.join(", ")}; known: ${MARKETPLACE_CATEGORY_SLUGS.join(", ")}` });
    return slugs.sort();
  });

export const listItemsQuerySchema = z
  .object({
    category: categoryListSchema.optional().openapi({ description: `Comma-separated, any of: ${MARKETPLACE_CATEGORY_SLUGS.join(", ")}`, type: "string" }),
    minPrice: priceSchema.optional().openapi({ description: "Lowest price in currency units (0 = free)", type: "number" }),
    maxPrice: priceSchema.optional().openapi({ description: "Highest price in currency units", type: "number" }),
    minRating: z.coerce.number().min(0).max(5).optional().openapi({ description: "Average rating at least this (0–5)" }),
    q: z.string().trim().min(1, "type at least one character").max(100).optional().openapi({ description: "Name or summary contains this text" }),
    sort: z.enum(MARKETPLACE_SORTS).default("popular"),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(24),
  })
  .superRefine((query, issues) => {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      issues.addIssue({ code: "custom", path: ["maxPrice"], message: "must not be below minPrice" });
    }
  });
export type ListItemsInput = z.infer<typeof listItemsQuerySchema>;

export const marketplaceItemSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    summary: z.string(),
    vendor: z.string(),
    category: z.enum(MARKETPLACE_CATEGORY_SLUGS),
    priceCents: z.number().int().openapi({ description: "0 is free" }),
    rating: z.number().openapi({ description: "Average review, 0–5" }),
    ratingCount: z.number().int(),
    installCount: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .openapi("MarketplaceItem");
export type MarketplaceItemOutput = z.infer<typeof marketplaceItemSchema>;

export const marketplaceItemDetailSchema = marketplaceItemSchema
  .extend({ description: z.string(), moduleKey: z.string().nullable().openapi({ description: "The registry module Install activates; null when there is nothing to install" }) })
  .openapi("MarketplaceItemDetail");
export type MarketplaceItemDetailOutput = z.infer<typeof marketplaceItemDetailSchema>;

export const marketplacePageSchema = z.object({ items: z.array(marketplaceItemSchema), nextCursor: z.string().nullable() }).openapi("MarketplacePage");

export const marketplaceItemParamsSchema = z.object({ id: z.uuid() });

/** The cursor names its sort, so a cursor from another sort order is refused, not misread. */
export const marketplaceCursorSchema = z.tuple([z.enum(MARKETPLACE_SORTS), z.union([z.number(), z.iso.datetime()]), z.uuid()]);

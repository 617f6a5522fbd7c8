import { z } from "@hono/zod-openapi";

export const listTemplatesQuerySchema = z.object({
  category: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, "a category slug: lowercase letters, digits and dashes"),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListTemplatesInput = z.infer<typeof listTemplatesQuerySchema>;

export const templateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    categorySlug: z.string(),
    popularityScore: z.number(),
    createdAt: z.iso.datetime(),
  })
  .openapi("Template");
export type TemplateOutput = z.infer<typeof templateSchema>;

export const templatePageSchema = z.object({ items: z.array(templateSchema), nextCursor: z.string().nullable() }).openapi("TemplatePage");

/** The listing's sort key: popularity, creation time, id (the stable tie-breaker). */
export const templateCursorSchema = z.tuple([z.number(), z.iso.datetime(), z.uuid()]);

import { z } from "@hono/zod-openapi";

/** Popularity is a 0–10 score: curated by admins, nudged up by every recorded use. */
export const POPULARITY_MAX = 10;

const categorySlugSchema = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, "a category slug: lowercase letters, digits and dashes");

export const listTemplatesQuerySchema = z.object({
  category: categorySlugSchema.optional().openapi({ description: "Only this category; every category when absent" }),
  q: z
    .string()
    .trim()
    .min(1, "type at least one character")
    .max(100)
    .optional()
    .openapi({ description: "Name contains this text (case-insensitive)" }),
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

export const templateParamsSchema = z.object({ id: z.uuid() });

export const templateCategorySchema = z
  .object({ slug: z.string(), name: z.string(), templateCount: z.number().int() })
  .openapi("TemplateCategory");
export type TemplateCategoryOutput = z.infer<typeof templateCategorySchema>;
export const templateCategoryListSchema = z.object({ items: z.array(templateCategorySchema) }).openapi("TemplateCategoryList");

const nameSchema = z.string().trim().min(1, "a template needs a name").max(120);
const descriptionSchema = z.string().trim().max(2000);
const scoreSchema = z.number().min(0).max(POPULARITY_MAX);

export const createTemplateSchema = z
  .object({ categorySlug: categorySlugSchema, name: nameSchema, description: descriptionSchema.default(""), popularityScore: scoreSchema.default(0) })
  .strict()
  .openapi("CreateTemplateInput");
export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;

export const updateTemplateSchema = z
  .object({ categorySlug: categorySlugSchema.optional(), name: nameSchema.optional(), description: descriptionSchema.optional() })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "change at least one of categorySlug, name, description" })
  .openapi("UpdateTemplateInput");
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;

/**
 * `use`: someone used the template (any member); the score closes a small share of its gap to
 * the maximum, so it rises quickly at first, never passes 10, and old favourites stay ahead of
 * a burst of new clicks. `set`: an admin curates the score directly (audited).
 */
export const popularitySchema = z
  .object({ kind: z.enum(["use", "set"]), score: scoreSchema.optional().openapi({ description: "The new score; only with kind \"set\"" }) })
  .strict()
  .superRefine((input, issues) => {
    if (input.kind === "set" && input.score === undefined) issues.addIssue({ code: "custom", path: ["score"], message: "setting the score needs a score from 0 to 10" });
    if (input.kind === "use" && input.score !== undefined) issues.addIssue({ code: "custom", path: ["score"], message: "a use takes no score" });
  })
  .openapi("TemplatePopularityInput");
export type PopularityInput = z.infer<typeof popularitySchema>;

export const deletedTemplateSchema = z.object({ deleted: templateSchema }).openapi("DeletedTemplate");

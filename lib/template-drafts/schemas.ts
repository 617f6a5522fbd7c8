import { z } from "@hono/zod-openapi";
import { TEMPLATE_STYLE_NAMES } from "./rules";

export const createDraftSchema = z
  .object({
    templateId: z.uuid("Choose a template to start from"),
    idempotencyKey: z.uuid("The idempotency key must be a UUID").optional().openapi({
      description: "One key per click: repeating a request with the same key returns the draft it created instead of a second one",
    }),
  })
  .strict()
  .openapi("CreateTemplateDraftInput");
export type CreateDraftInput = z.infer<typeof createDraftSchema>;

export const renameDraftSchema = z
  .object({ name: z.string().trim().min(1, "Name is required").max(120, "Name can be at most 120 characters") })
  .strict()
  .openapi("RenameTemplateDraftInput");
export type RenameDraftInput = z.infer<typeof renameDraftSchema>;

export const draftParamsSchema = z.object({ id: z.uuid("This is not a draft id") });

export const listDraftsQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListDraftsInput = z.infer<typeof listDraftsQuerySchema>;

export const draftContentSchema = z
  .object({
    summary: z.string(),
    categorySlug: z.string(),
    style: z.enum(TEMPLATE_STYLE_NAMES),
    sections: z.array(z.object({ heading: z.string(), body: z.string() })),
  })
  .openapi("TemplateDraftContent");

export const draftSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    templateId: z.uuid().nullable().openapi({ description: "The template it came from; null once that template is deleted" }),
    content: draftContentSchema,
    createdBy: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("TemplateDraft");
export type DraftOutput = z.infer<typeof draftSchema>;

export const draftPageSchema = z.object({ items: z.array(draftSchema), nextCursor: z.string().nullable() }).openapi("TemplateDraftPage");

/** The listing's sort key: creation time, then id (renames do not move a draft). */
export const draftCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

import { z } from "@hono/zod-openapi";

/** The widest window one request may ask for: the charts show at most 24 h, rollups 7 days. */
export const MAX_ANNOTATION_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** Markers per response; a chart with more than this is unreadable anyway. */
export const MAX_ANNOTATIONS = 500;

export const annotationsQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).openapi({ description: "Start of the window (ISO 8601)" }),
    to: z.iso.datetime({ offset: true }).openapi({ description: "End of the window (ISO 8601)" }),
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), { message: "from must be before to", path: ["from"] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= MAX_ANNOTATION_WINDOW_MS, { message: "the window may span at most 7 days", path: ["to"] });
export type AnnotationsQuery = z.infer<typeof annotationsQuerySchema>;

const ANNOTATION_KINDS = ["procedure", "alert", "scaling", "override", "promotion"] as const;

const annotationSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  kind: z.enum(ANNOTATION_KINDS),
  severity: z.enum(["info", "warning", "critical"]),
  title: z.string(),
  detail: z.string(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const annotationsResponseSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    annotations: z.array(annotationSchema),
    /** True when the window held more than MAX_ANNOTATIONS markers: the newest are kept. */
    truncated: z.boolean(),
  })
  .openapi("OpsAnnotations");
export type AnnotationsResponse = z.infer<typeof annotationsResponseSchema>;

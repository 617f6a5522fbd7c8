import { z } from "@hono/zod-openapi";

// The alerting API: silences read from and written to Alertmanager, and the rule export.
// Pure zod: the silences page imports the types.

export const silenceSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    state: z.enum(["active", "pending"]),
    createdBy: z.string(),
    comment: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
  })
  .openapi("AlertSilence");
export type Silence = z.infer<typeof silenceSchema>;

export const silencesResponseSchema = z
  .object({
    /** False when no ALERTMANAGER_URLS are set: alerts stay in the app and nothing can be silenced. */
    configured: z.boolean(),
    /** The Alertmanager read from and written to (the first of ALERTMANAGER_URLS). */
    alertmanager: z.string().nullable(),
    permissions: z.object({ canEdit: z.boolean(), reason: z.string().nullable() }),
    /** Active and pending silences of this app's rules, ending soonest first. */
    silences: z.array(silenceSchema),
  })
  .openapi("AlertSilences");
export type SilencesResponse = z.infer<typeof silencesResponseSchema>;

const MAX_SILENCE_MINUTES = 7 * 24 * 60;

export const createSilenceSchema = z
  .object({
    ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use a rule id such as cpu-high"),
    durationMinutes: z.int().min(1).max(MAX_SILENCE_MINUTES),
    comment: z.string().trim().min(3, "say why the rule is silenced").max(500),
  })
  .strict()
  .openapi("AlertSilenceCreate");
export type CreateSilenceInput = z.infer<typeof createSilenceSchema>;

export const silenceParamsSchema = z.object({ id: z.uuid() });

const auditRefSchema = z.object({ id: z.string(), at: z.iso.datetime() });

export const silenceChangedSchema = z.object({ silence: silenceSchema, audit: auditRefSchema }).openapi("AlertSilenceChanged");
export type SilenceChanged = z.infer<typeof silenceChangedSchema>;

export const expiredSilenceSchema = z.object({ id: z.string(), audit: auditRefSchema }).openapi("AlertSilenceExpired");
export type ExpiredSilence = z.infer<typeof expiredSilenceSchema>;

export const ruleExportQuerySchema = z.object({
  /** `prometheus`: the rule file; `promtool-tests`: its `promtool test rules` file. */
  format: z.enum(["prometheus", "promtool-tests"]),
});

import { z } from "@hono/zod-openapi";

const stateSchema = z.enum(["ok", "warning", "critical"]);

// Evidence shapes are the detectors' own types (lib/diagnostics/*/detect.ts); the document
// describes the envelope every detector shares.
const detectorSchema = z.object({
  state: stateSchema,
  reasons: z.array(z.string()),
  thresholds: z.array(z.object({ label: z.string(), warning: z.string(), critical: z.string() })),
  evidence: z.unknown(),
  remedies: z.array(z.object({ title: z.string(), detail: z.string() })),
  guideText: z.string(),
  incident: z.object({ startedAt: z.string(), endedAt: z.string().nullable(), worstState: stateSchema, frozen: z.unknown() }).nullable(),
  history: z.array(z.object({ startedAt: z.string(), endedAt: z.string().nullable(), worstState: stateSchema, frozen: z.unknown() })),
});

export const diagnosticsReportSchema = z
  .object({
    instancePid: z.number(),
    sampledAt: z.string().nullable(),
    intervalMs: z.number(),
    pool: detectorSchema,
    memory: detectorSchema,
    locks: detectorSchema,
    cache: detectorSchema.nullable(),
  })
  .openapi("DiagnosticsReport");

export const blockerParamsSchema = z.object({ pid: z.coerce.number().int().positive() });
const backendActionSchema = z.enum(["cancel", "terminate"]);
export const blockerPreviewInputSchema = z.object({ action: backendActionSchema }).openapi("BlockerActionPreviewInput");
export const blockerActionInputSchema = z.object({ action: backendActionSchema, confirmPid: z.number().int() }).openapi("BlockerActionInput");

const sessionSchema = z.object({
  pid: z.number(),
  applicationName: z.string(),
  state: z.string(),
  query: z.string(),
  queryAgeSeconds: z.number().nullable(),
  transactionAgeSeconds: z.number().nullable(),
  waitEvent: z.string().nullable(),
});

export const blockerPreviewSchema = z
  .object({ pid: z.number(), action: backendActionSchema, session: sessionSchema, unblocks: z.array(sessionSchema.extend({ blockingPids: z.array(z.number()) })), effect: z.string() })
  .openapi("BlockerActionPreview");

export const blockerActionResultSchema = z
  .object({ pid: z.number(), action: backendActionSchema, signalled: z.boolean(), at: z.string(), actor: z.string() })
  .openapi("BlockerActionResult");

const heapSnapshotSchema = z.object({ id: z.string(), pid: z.number(), sizeBytes: z.number(), createdAt: z.string() });
export const heapSnapshotInfoSchema = heapSnapshotSchema.openapi("HeapSnapshot");
export const heapSnapshotListSchema = z.object({ instancePid: z.number(), snapshots: z.array(heapSnapshotSchema) }).openapi("HeapSnapshotList");

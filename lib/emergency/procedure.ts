import type { z } from "zod";

// The contract every emergency procedure implements. The framework (lib/emergency/runs) owns
// the safety around it: preview, typed confirmation, step-up, idempotency, one run at a time,
// approval, progress, result and audit. A procedure only says what it would change and does it.

export const PROCEDURE_IDS = ["scale-up", "circuit-breaker", "cache-warm", "replica-promotion"] as const;
export type ProcedureId = (typeof PROCEDURE_IDS)[number];

/**
 * Procedures that must work while the database primary is unreachable (their request, approval
 * and progress then go to the break-glass journal, lib/break-glass): the one that replaces it.
 */
export const BREAK_GLASS_PROCEDURES: ReadonlySet<string> = new Set<ProcedureId>(["replica-promotion"]);

/** One line of "what changes": `{ label: "instances", from: "3", to: "5" }`. */
export type ProcedureChange = { label: string; from: string; to: string };

export type ProcedurePreview = {
  summary: string;
  changes: ProcedureChange[];
  warnings: string[];
  /** Non-empty means the procedure cannot run now; each entry says why. */
  blockers: string[];
  estimatedSeconds: number | null;
};

export type ProcedureActor = { userId: string; email: string };

export type ProcedurePreviewContext = { actor: ProcedureActor };

export type ProcedureProgress = { done: number; total: number | null; message: string };

export type ProcedureRunContext = {
  runId: string;
  actor: ProcedureActor;
  /** The second sre/admin who approved the run, for procedures that require one. */
  approver: ProcedureActor | null;
  requestId: string;
  /** Aborted when the process shuts down mid-run; long procedures should check it between steps. */
  signal: AbortSignal;
  /** Persists progress so every instance's status view shows it; cheap enough to call per step. */
  progress(update: ProcedureProgress): Promise<void>;
};

export type ProcedureOutcome = { changes: ProcedureChange[]; details: Record<string, unknown> };

/**
 * A procedure's definition. `name` is what the operator types to confirm; `runbook` is the
 * guide's steps shown beside the button. `run` may throw; the framework records the failure.
 */
export interface Procedure<Input> {
  id: ProcedureId;
  name: string;
  description: string;
  runbook: string[];
  inputSchema: z.ZodType<Input>;
  requiresSecondApproval: boolean;
  requiresDataLossAcknowledgement: boolean;
  preview(input: Input, ctx: ProcedurePreviewContext): Promise<ProcedurePreview>;
  run(input: Input, ctx: ProcedureRunContext): Promise<ProcedureOutcome>;
  /** What the procedure's card shows as "current state" (e.g. "3 instances", "breaker off"). */
  currentState?(): Promise<string>;
}

/**
 * A procedure with its input type erased, as the registry holds them side by side. Inputs reach
 * `preview`/`run` only after the procedure's own `inputSchema` parsed them.
 */
export type AnyProcedure = Procedure<unknown>;

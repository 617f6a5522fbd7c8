import { randomUUID } from "node:crypto";
import type { ProcedureRunStatus, PrismaClient } from "@/generated/prisma/client";
import type { AuditEntryInput } from "@/lib/audit/repo";
import { isConnectionError, isFencedPrimaryError } from "@/lib/db/errors";
import type { RunRow } from "@/lib/emergency/run-repo";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { redis } from "@/lib/redis/client";
import { applyRunChange, foldEntries, runAsJournaled, toJournalRun, type JournalEntry, type JournalRunChange, type JournalState } from "./entries";
import { FileJournalStore, RedisJournalStore, type JournalStore } from "./journal-store";
import { replayEntries } from "./replay";

// Break-glass: the promotion that replaces a failed primary cannot keep its state on that
// primary. While the primary is unreachable, the promotion's request, approval, progress and the
// step-ups that unlock them go to a journal every instance shares (a file in the data dir, or
// Redis when configured); once a replica is promoted the journal is replayed into it, audit
// entries included, and emptied.

export { runAsJournaled, type JournalState } from "./entries";

export function breakGlassJournal(): JournalStore {
  return processSingleton("break-glass-journal", () => {
    const client = redis();
    return client ? new RedisJournalStore(client) : new FileJournalStore(env().BREAK_GLASS_DIR);
  });
}

/** The error means the primary cannot take this write now (down, unreachable, or a fenced former primary). */
export function isPrimaryUnavailable(error: unknown): boolean {
  return isFencedPrimaryError(error) || isConnectionError(error);
}

export async function journalState(): Promise<JournalState> {
  return foldEntries(await breakGlassJournal().read());
}

const now = () => new Date().toISOString();

/** Records a password check made while the primary was unreachable (its audit entry included). */
export async function journalStepUp(input: { sessionId: string; userId: string; matched: boolean; audit: AuditEntryInput }): Promise<Date> {
  const at = now();
  await breakGlassJournal().update(() => ({ append: [{ kind: "step_up", id: randomUUID(), at, audit: input.audit, sessionId: input.sessionId, userId: input.userId, matched: input.matched }], result: undefined }));
  return new Date(at);
}

/**
 * Journals a new run unless the journal already holds one for the same idempotency key (returned
 * instead) or `conflict` finds a reason to refuse, checked under the journal's lock.
 */
export async function journalRunRequest(run: RunRow, audit: AuditEntryInput, conflict: (state: JournalState) => Error | null): Promise<{ row: RunRow; repeated: boolean }> {
  return breakGlassJournal().update<{ row: RunRow; repeated: boolean }>((entries) => {
    const state = foldEntries(entries);
    const repeated = [...state.createdRuns.values()].find((existing) => existing.idempotencyKey === run.idempotencyKey);
    if (repeated) return { append: [], result: { row: runAsJournaled(state, repeated.id, null)!, repeated: true } };
    const refusal = conflict(state);
    if (refusal) throw refusal;
    return { append: [{ kind: "run_requested", id: randomUUID(), at: now(), audit, run: toJournalRun(run) }], result: { row: run, repeated: false } };
  });
}

/**
 * Moves a run (the journal's own, or `databaseRow` read from a replica) from one of `from` with
 * `change`, under the lock; null when it was no longer in any of them (someone moved it first).
 */
export async function journalRunChange(
  runId: string,
  databaseRow: RunRow | null,
  from: ProcedureRunStatus[],
  change: JournalRunChange,
  audit: ((row: RunRow) => AuditEntryInput) | null,
): Promise<RunRow | null> {
  return breakGlassJournal().update<RunRow | null>((entries) => {
    const state = foldEntries(entries);
    const current = runAsJournaled(state, runId, databaseRow);
    if (!current || !from.includes(current.status)) return { append: [], result: null };
    const entry: Omit<Extract<JournalEntry, { kind: "run_changed" }>, "seq"> = { kind: "run_changed", id: randomUUID(), at: now(), audit: audit ? audit(current) : null, runId, from, change: { ...change, updatedAt: now() } };
    return { append: [entry], result: applyRunChange(current, entry.change) };
  });
}

/**
 * Replays the journal into `client` (the primary, now reachable: the promoted replica) and
 * empties it. Safe to call from any instance at any time: it does nothing when the journal is
 * empty, and entries already replayed are skipped.
 */
export async function replayJournal(client: PrismaClient): Promise<number> {
  let applied = 0;
  const drained = await breakGlassJournal().drain(async (entries) => {
    applied = await replayEntries(client, entries);
  });
  if (drained > 0) logger.warn("break-glass journal replayed into the primary", { entries: drained, applied });
  return applied;
}

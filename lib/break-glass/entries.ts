import type { Prisma, ProcedureRunStatus } from "@/generated/prisma/client";
import type { AuditEntryInput } from "@/lib/audit/repo";
import type { RunRow } from "@/lib/emergency/run-repo";

// What the break-glass journal holds while the primary is unreachable, and how its entries fold
// into the state every instance reads. Plain data only: the journal is JSON lines on disk or in
// Redis, and the same entries are replayed into the new primary once a replica is promoted.

/** A run row as stored in the journal: dates as ISO strings, so a line is plain JSON. */
export type JournalRun = { [Key in keyof RunRow]: RunRow[Key] extends Date ? string : RunRow[Key] extends Date | null ? string | null : RunRow[Key] };

/** Columns a later entry may change on a run, with the statuses it must have been in. */
export type JournalRunChange = Partial<Pick<JournalRun, "status" | "approvedByUserId" | "approvedByEmail" | "approvedAt" | "startedAt" | "finishedAt" | "progress" | "outcome" | "error" | "updatedAt">>;

type EntryBase = {
  /** Unique across journals: the replay records it so an entry is never applied twice. */
  id: string;
  /** Order within this journal, from 1. */
  seq: number;
  at: string;
  /** The audit entry the change would have written on the primary; written when replayed. */
  audit: AuditEntryInput | null;
};

export type StepUpEntry = EntryBase & { kind: "step_up"; sessionId: string; userId: string; matched: boolean };
export type RunRequestedEntry = EntryBase & { kind: "run_requested"; run: JournalRun };
export type RunChangedEntry = EntryBase & { kind: "run_changed"; runId: string; from: ProcedureRunStatus[]; change: JournalRunChange };
export type JournalEntry = StepUpEntry | RunRequestedEntry | RunChangedEntry;

/** An entry before the journal has numbered it. */
export type NewJournalEntry = Omit<StepUpEntry, "seq"> | Omit<RunRequestedEntry, "seq"> | Omit<RunChangedEntry, "seq">;

/** Columns a journaled run keeps as ISO strings. */
export const RUN_DATE_COLUMNS: readonly string[] = ["createdAt", "approvedAt", "startedAt", "finishedAt", "updatedAt"];
/** Json columns, which take Prisma's DbNull for SQL NULL. */
export const RUN_JSON_COLUMNS: readonly string[] = ["input", "preview", "progress", "outcome"];

export function toJournalRun(row: RunRow): JournalRun {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function fromJournalRun(run: JournalRun): RunRow {
  return {
    ...run,
    createdAt: new Date(run.createdAt),
    approvedAt: run.approvedAt ? new Date(run.approvedAt) : null,
    startedAt: run.startedAt ? new Date(run.startedAt) : null,
    finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
    updatedAt: new Date(run.updatedAt),
  };
}

/** Applies a change's columns to a row (dates revived). */
export function applyRunChange(row: RunRow, change: JournalRunChange): RunRow {
  const next: RunRow = { ...row, ...(change as Partial<RunRow>) };
  for (const column of RUN_DATE_COLUMNS) {
    if (column in change) {
      const value = change[column as keyof JournalRunChange] as string | null | undefined;
      (next as Record<string, unknown>)[column] = value ? new Date(value) : null;
    }
  }
  return next;
}

/** What the journal says now: runs it created, changes to runs (its own or the database's), step-ups. */
export type JournalState = {
  entries: JournalEntry[];
  createdRuns: Map<string, RunRow>;
  runChanges: Map<string, RunChangedEntry[]>;
  /** The newest matched step-up per session. */
  stepUps: Map<string, Date>;
};

export function foldEntries(entries: JournalEntry[]): JournalState {
  const state: JournalState = { entries, createdRuns: new Map(), runChanges: new Map(), stepUps: new Map() };
  for (const entry of entries) {
    if (entry.kind === "run_requested") state.createdRuns.set(entry.run.id, fromJournalRun(entry.run));
    else if (entry.kind === "run_changed") state.runChanges.set(entry.runId, [...(state.runChanges.get(entry.runId) ?? []), entry]);
    else if (entry.matched) {
      const at = new Date(entry.at);
      const known = state.stepUps.get(entry.sessionId);
      if (!known || known < at) state.stepUps.set(entry.sessionId, at);
    }
  }
  return state;
}

/**
 * A run as the journal leaves it: the journal's own run, or `databaseRow` (read from a replica),
 * with every journaled change applied in order. Null when neither knows the run.
 */
export function runAsJournaled(state: JournalState, runId: string, databaseRow: RunRow | null): RunRow | null {
  let row = state.createdRuns.get(runId) ?? databaseRow;
  if (!row) return null;
  for (const entry of state.runChanges.get(runId) ?? []) {
    if (entry.from.includes(row.status)) row = applyRunChange(row, entry.change);
  }
  return row;
}

/** Every run the journal touches, as journaled (database rows looked up by the caller). */
export function journaledRunIds(state: JournalState): string[] {
  return [...new Set([...state.createdRuns.keys(), ...state.runChanges.keys()])];
}

/** The JSON the audit entry keeps of when and how a change was journaled. */
export function withJournalMark(after: Prisma.InputJsonValue | null, entryId: string, at: string): Prisma.InputJsonValue {
  const base = after && typeof after === "object" && !Array.isArray(after) ? (after as Prisma.InputJsonObject) : after === null ? {} : { value: after };
  return { ...base, breakGlass: { entryId, journaledAt: at, reason: "the database primary was unreachable" } };
}

import type { DetectorResult, DetectorState } from "../types";

export type Session = {
  pid: number;
  applicationName: string;
  state: string;
  query: string;
  /** How long the current statement has run (for a blocked session: about how long it waited). */
  queryAgeSeconds: number | null;
  transactionAgeSeconds: number | null;
  waitEvent: string | null;
};

export type BlockedSession = Session & { blockingPids: number[] };

export type SlowStatement = { query: string; calls: number; meanMs: number; totalMs: number };
export type StatementStats = { available: true; statements: SlowStatement[] } | { available: false; reason: string };

export type LockSample = { atMs: number; blocked: BlockedSession[]; blockers: Session[]; statements: StatementStats };

export type LockThresholds = { waitWarningSeconds: number; waitCriticalSeconds: number; blockedWarningCount: number; blockedCriticalCount: number };

/** A lock wait of seconds is already user-visible latency; 30 s reaches the statement timeout. */
export const LOCK_THRESHOLDS: LockThresholds = { waitWarningSeconds: 5, waitCriticalSeconds: 30, blockedWarningCount: 3, blockedCriticalCount: 10 };

/** A blocking session at the root of a chain and everything waiting behind it, depth first. */
export type BlockingChain = { root: Session; waiting: (BlockedSession & { depth: number })[]; longestWaitSeconds: number };

export type LockEvidence = { chains: BlockingChain[]; blockedCount: number; statements: StatementStats; blockedSeries: [number, number][] };

export const LOCK_GUIDE_TEXT =
  "Symptom: queries get slow under load while the database is not busy — they wait on each other's locks. " +
  "Keep transactions short and take locks in the same order, make the slow statements fast (indexes, smaller batches), " +
  "send reads to replicas, and pool connections. In an incident, cancel or end the session at the head of the chain.";

/** Builds the chains: roots are blockers that are not themselves blocked. */
export function buildChains(sample: Pick<LockSample, "blocked" | "blockers">): BlockingChain[] {
  const blockedByPid = new Map(sample.blocked.map((session) => [session.pid, session]));
  const sessions = new Map<number, Session>([...sample.blockers.map((s) => [s.pid, s] as const), ...sample.blocked.map((s) => [s.pid, s] as const)]);
  const rootPids = new Set<number>();
  for (const blocked of sample.blocked) for (const pid of blocked.blockingPids) if (!blockedByPid.has(pid)) rootPids.add(pid);
  return [...rootPids].flatMap((rootPid) => {
    const root = sessions.get(rootPid);
    if (!root) return [];
    const waiting: BlockingChain["waiting"] = [];
    const seen = new Set([rootPid]);
    const visit = (pid: number, depth: number) => {
      for (const session of sample.blocked) {
        if (seen.has(session.pid) || !session.blockingPids.includes(pid)) continue;
        seen.add(session.pid);
        waiting.push({ ...session, depth });
        visit(session.pid, depth + 1);
      }
    };
    visit(rootPid, 1);
    return [{ root, waiting, longestWaitSeconds: Math.max(0, ...waiting.map((session) => session.queryAgeSeconds ?? 0)) }];
  });
}

/** Judges the latest sample; earlier samples only feed the chart. */
export function detectLockContention(samples: LockSample[], t: LockThresholds = LOCK_THRESHOLDS): DetectorResult<LockEvidence> {
  const latest = samples.at(-1);
  const chains = latest ? buildChains(latest) : [];
  const blockedCount = latest?.blocked.length ?? 0;
  const longest = Math.max(0, ...(latest?.blocked ?? []).map((session) => session.queryAgeSeconds ?? 0));
  const reasons: { state: DetectorState; text: string }[] = [];
  if (longest >= t.waitCriticalSeconds) reasons.push({ state: "critical", text: `a session has waited ${longest.toFixed(1)} s for a lock` });
  else if (longest >= t.waitWarningSeconds) reasons.push({ state: "warning", text: `a session has waited ${longest.toFixed(1)} s for a lock` });
  if (blockedCount >= t.blockedCriticalCount) reasons.push({ state: "critical", text: `${blockedCount} sessions blocked` });
  else if (blockedCount >= t.blockedWarningCount) reasons.push({ state: "warning", text: `${blockedCount} sessions blocked` });
  const state: DetectorState = reasons.some((reason) => reason.state === "critical") ? "critical" : reasons.length > 0 ? "warning" : "ok";
  return {
    state,
    reasons: reasons.map((reason) => reason.text),
    thresholds: [
      { label: "Longest lock wait", warning: `≥ ${t.waitWarningSeconds} s`, critical: `≥ ${t.waitCriticalSeconds} s` },
      { label: "Sessions blocked", warning: `≥ ${t.blockedWarningCount}`, critical: `≥ ${t.blockedCriticalCount}` },
    ],
    evidence: {
      chains,
      blockedCount,
      statements: latest?.statements ?? { available: false, reason: "not sampled yet" },
      blockedSeries: samples.map((sample) => [sample.atMs, sample.blocked.length]),
    },
    remedies: [
      { title: "End the blocker", detail: "Cancel the blocking session's statement (pg_cancel_backend) or, if it is idle in a transaction, terminate it (pg_terminate_backend). SRE only, previewed and logged." },
      { title: "Short transactions", detail: "No network calls or user think-time inside a transaction; lock rows in a consistent order." },
      { title: "Faster statements", detail: "Index the slow statements below; batch large updates; move reads to replicas." },
    ],
    guideText: LOCK_GUIDE_TEXT,
  };
}

import { EXECUTION_STATUSES, type ExecutionStatus } from "@/lib/workflows/schemas";

/*
 * Pure arithmetic of the dashboard: windows, day buckets, success rates. No I/O, no clock.
 */

export const DAY_MS = 86_400_000;
export const DASHBOARD_DAYS = 7;

export type CountsByStatus = Record<ExecutionStatus, number>;

export function emptyCounts(): CountsByStatus {
  return Object.fromEntries(EXECUTION_STATUSES.map((status) => [status, 0])) as CountsByStatus;
}

export function totalOf(counts: CountsByStatus): number {
  return EXECUTION_STATUSES.reduce((total, status) => total + counts[status], 0);
}

/** succeeded / (succeeded + failed); a run still going or cancelled says nothing about success. */
export function successRate(counts: CountsByStatus): number | null {
  const finished = counts.succeeded + counts.failed;
  return finished === 0 ? null : counts.succeeded / finished;
}

/** The UTC days the daily series covers, oldest first, ending with `now`'s day. */
export function dashboardDays(now: Date, days = DASHBOARD_DAYS): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, index) => new Date(today - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10));
}

/** Midnight UTC starting the first day of the series. */
export function seriesStart(now: Date, days = DASHBOARD_DAYS): Date {
  return new Date(`${dashboardDays(now, days)[0]}T00:00:00.000Z`);
}

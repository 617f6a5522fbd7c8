import { readCookie } from "@/lib/auth/session";

/**
 * Read-your-writes across instances without shared state: a successful change sets a short-lived
 * cookie with its time, and any instance that sees it within the window reads from the primary.
 */
export const LAST_WRITE_COOKIE = "agency_last_write";

/**
 * How far ahead of this instance's clock a write time may be: another instance's clock may run a
 * little fast. Anything later was not written by us, and would otherwise pin the client's reads
 * to the primary until that time (forever, for a cookie set by hand to the year 3000).
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5_000;

export function wroteRecently(cookieHeader: string | null, windowSeconds: number, nowMs: number): boolean {
  const writtenAtMs = Number(readCookie(cookieHeader, LAST_WRITE_COOKIE));
  if (!Number.isFinite(writtenAtMs) || writtenAtMs <= 0) return false;
  const ageMs = nowMs - writtenAtMs;
  return ageMs >= -CLOCK_SKEW_ALLOWANCE_MS && ageMs < windowSeconds * 1000;
}

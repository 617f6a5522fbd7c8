import { readCookie } from "@/lib/auth/session";

/**
 * Read-your-writes across instances without shared state: a successful change sets a short-lived
 * cookie with its time, and any instance that sees it within the window reads from the primary.
 */
export const LAST_WRITE_COOKIE = "agency_last_write";

export function wroteRecently(cookieHeader: string | null, windowSeconds: number, nowMs: number): boolean {
  const value = Number(readCookie(cookieHeader, LAST_WRITE_COOKIE));
  return Number.isFinite(value) && value > 0 && nowMs - value < windowSeconds * 1000;
}

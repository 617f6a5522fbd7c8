/**
 * How long a session may last. Operators (users with a platform role) get a short leash: their
 * session can change the whole platform. Absolute limits count from sign-in, idle limits from
 * the last request. Pure: the caller passes the settings and the time.
 */
export type SessionLimits = { maxAgeMs: number; idleMs: number };

export type SessionLifetimeSettings = {
  SESSION_PLATFORM_MAX_HOURS: number;
  SESSION_PLATFORM_IDLE_MINUTES: number;
  SESSION_TENANT_MAX_DAYS: number;
  SESSION_TENANT_IDLE_HOURS: number;
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export function sessionLimitsFor(hasPlatformRole: boolean, settings: SessionLifetimeSettings): SessionLimits {
  return hasPlatformRole
    ? { maxAgeMs: settings.SESSION_PLATFORM_MAX_HOURS * HOUR_MS, idleMs: settings.SESSION_PLATFORM_IDLE_MINUTES * MINUTE_MS }
    : { maxAgeMs: settings.SESSION_TENANT_MAX_DAYS * DAY_MS, idleMs: settings.SESSION_TENANT_IDLE_HOURS * HOUR_MS };
}

/** Why the session is over at `nowMs`, or null while it may go on; a limit reached exactly still counts as alive. */
export function sessionEndReason(session: { createdAtMs: number; lastActiveAtMs: number }, limits: SessionLimits, nowMs: number): "max_age" | "idle" | null {
  if (nowMs - session.createdAtMs > limits.maxAgeMs) return "max_age";
  if (nowMs - session.lastActiveAtMs > limits.idleMs) return "idle";
  return null;
}

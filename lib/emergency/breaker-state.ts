import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { overrideBus, type OverrideBus } from "./override-bus";
import { findActiveOverrides } from "./override-repo";
import { isDegraded, type BreakerScope, type FeatureArea, type Tier } from "./tiers";

/** One active circuit-breaker activation as every instance holds it in memory. */
export type ActiveBreaker = {
  overrideId: string;
  scope: BreakerScope;
  owner: string;
  expiresAtMs: number;
  /** What degraded routes tell clients in Retry-After. */
  retryAfterSeconds: number;
};

export type Degradation = { scope: BreakerScope; retryAfterSeconds: number; expiresAtMs: number; owner: string };

export const DEFAULT_BREAKER_RETRY_AFTER_SECONDS = 30;

export type FeatureBreakerStateOptions = {
  load: () => Promise<ActiveBreaker[]>;
  bus: OverrideBus | null;
  pollIntervalMs: number;
  now?: () => number;
};

/**
 * The circuit breaker's state on one instance, held in memory so the per-request check costs no
 * I/O. Postgres is the truth; a Redis message makes every instance re-read at once, and a poll
 * catches what a lost message (or a missing Redis) would otherwise miss. Activations past their
 * expiry stop counting here at once, before the sweeper ends them.
 */
export class FeatureBreakerState {
  private breakers: ActiveBreaker[] = [];
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private loading: Promise<void> | undefined;
  private loadedAtMs: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: FeatureBreakerStateOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): this {
    if (this.timer) return this;
    this.unsubscribe = this.options.bus?.subscribe((kind) => {
      if (kind === "circuit-breaker") void this.refresh();
    });
    this.timer = setInterval(() => void this.refresh(), this.options.pollIntervalMs);
    this.timer.unref();
    void this.refresh();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
  }

  /** Re-reads the activations; concurrent callers share one read. A failed read keeps the last state. */
  refresh(): Promise<void> {
    this.loading ??= this.options
      .load()
      .then((breakers) => {
        this.breakers = breakers;
        this.loadedAtMs = this.now();
      })
      .catch((error: unknown) => logger.warn("could not read the circuit breaker state; keeping the last one", { err: error }))
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  active(): ActiveBreaker[] {
    const nowMs = this.now();
    return this.breakers.filter((breaker) => breaker.expiresAtMs > nowMs);
  }

  /** When the state was last read from Postgres (null before the first read). */
  lastLoadedAtMs(): number | null {
    return this.loadedAtMs;
  }

  /** Null when a route or page of this tier and area serves normally; otherwise why and for how long not. */
  degradation(tier: Tier, area: FeatureArea): Degradation | null {
    if (tier === "core") return null;
    const active = this.active();
    if (active.length === 0) return null;
    const match = active.find((breaker) => isDegraded(tier, area, new Set([breaker.scope])));
    if (!match) return null;
    const secondsLeft = Math.ceil((match.expiresAtMs - this.now()) / 1000);
    return { scope: match.scope, retryAfterSeconds: Math.max(1, Math.min(match.retryAfterSeconds, secondsLeft)), expiresAtMs: match.expiresAtMs, owner: match.owner };
  }
}

/** The circuit-breaker activations in Postgres, as the in-memory state holds them. */
export async function loadActiveBreakers(): Promise<ActiveBreaker[]> {
  const rows = await findActiveOverrides(db().primary, new Date(), "circuit-breaker");
  return rows.map((row) => {
    const payload = (row.payload ?? {}) as { retryAfterSeconds?: unknown };
    return {
      overrideId: row.id,
      scope: row.scope as BreakerScope,
      owner: row.ownerEmail,
      expiresAtMs: row.expiresAt.getTime(),
      retryAfterSeconds: typeof payload.retryAfterSeconds === "number" ? payload.retryAfterSeconds : DEFAULT_BREAKER_RETRY_AFTER_SECONDS,
    };
  });
}

/** This process's breaker state, started on first use. */
export function featureBreaker(): FeatureBreakerState {
  return processSingleton("feature-breaker-state", () =>
    new FeatureBreakerState({ load: loadActiveBreakers, bus: overrideBus(), pollIntervalMs: env().CIRCUIT_BREAKER_POLL_MS }).start(),
  );
}

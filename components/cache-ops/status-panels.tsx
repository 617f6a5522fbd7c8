"use client";

import { formatValue } from "@/components/ops/format";
import { Panel } from "@/components/ops/panel";
import { StateBadge } from "@/components/ops/state-badge";
import type { CacheStatusOutput } from "@/lib/cache-ops/schemas";
import type { ThresholdState } from "@/lib/metrics/signals";

const BREAKER_STATES: Record<CacheStatusOutput["breaker"], { state: ThresholdState; text: string }> = {
  closed: { state: "ok", text: "closed: Redis calls go through" },
  "half-open": { state: "warning", text: "half-open: probing Redis after failures" },
  open: { state: "critical", text: "open: serving L1 + database only" },
};

/** What the page must say plainly: which levels are in use, and why only one if so. */
export function describeMode(status: CacheStatusOutput): string {
  if (!status.isRedisConfigured) return "L1 only (no REDIS_URL)";
  return status.mode === "l1+redis" ? "L1 + Redis (L2)" : `L1 only (Redis ${status.redis})`;
}

function Row({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 border-t border-line py-1.5 text-sm first:border-t-0">
      <dt className="text-muted">{label}</dt>
      <dd className="text-right tabular-nums" title={hint}>
        {value}
      </dd>
    </div>
  );
}

export function ModePanel({ status, isLoading, error, onRetry }: { status: CacheStatusOutput | undefined; isLoading: boolean; error: string | null; onRetry: () => void }) {
  const breaker = status ? BREAKER_STATES[status.breaker] : null;
  return (
    <Panel title="Mode and Redis breaker" subtitle={status ? `instance pid ${status.instancePid}` : undefined} isLoading={isLoading} error={error} isEmpty={!status} onRetry={onRetry} minHeight={200}>
      {status && breaker ? (
        <div className="space-y-3">
          <p className="text-lg font-semibold" data-testid="cache-mode">
            {describeMode(status)}
          </p>
          {!status.isRedisConfigured ? (
            <p className="text-xs text-muted">Embedded mode: each instance caches in its own memory; invalidations reach the other instances over PostgreSQL LISTEN/NOTIFY. Set REDIS_URL to add a shared L2.</p>
          ) : null}
          <dl>
            <div className="flex items-baseline justify-between gap-3 py-1.5 text-sm">
              {/* Not the emergency circuit breaker: this one only stops calls to an unhealthy Redis. */}
              <dt className="text-muted" title="Stops calls to Redis while it fails, so requests fall back to L1 and the database instead of waiting on timeouts">
                Redis connection breaker
              </dt>
              <dd className="flex items-baseline gap-2 text-right">
                {status.isRedisConfigured ? breaker.text : "not in use (no Redis)"}
                <StateBadge state={status.isRedisConfigured ? breaker.state : "no-data"} />
              </dd>
            </div>
            <Row label="Redis connection" value={status.redis} />
          </dl>
        </div>
      ) : null}
    </Panel>
  );
}

export function FiguresPanel({ status, isLoading, error, onRetry }: { status: CacheStatusOutput | undefined; isLoading: boolean; error: string | null; onRetry: () => void }) {
  const latency = status?.l2Latency;
  const hasL2 = status?.isRedisConfigured ?? false;
  return (
    <Panel title="Now (this instance, since start)" isLoading={isLoading} error={error} isEmpty={!status} onRetry={onRetry} minHeight={200}>
      {status && latency ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Hits and misses by level">
              <thead className="text-left text-xs text-muted">
                <tr>
                  <th className="py-1 font-medium">Level</th>
                  <th className="py-1 text-right font-medium">Hits</th>
                  <th className="py-1 text-right font-medium">Misses</th>
                  <th className="py-1 text-right font-medium">Hit ratio</th>
                </tr>
              </thead>
              <tbody>
                {status.levels.map((level) => (
                  <tr key={level.level} className="border-t border-line" data-testid={`level-${level.level}`}>
                    <td className="py-1.5 uppercase">{level.level}</td>
                    <td className="py-1.5 text-right tabular-nums">{level.hits}</td>
                    <td className="py-1.5 text-right tabular-nums">{level.misses}</td>
                    <td className="py-1.5 text-right tabular-nums">{level.level === "l2" && !hasL2 ? "no L2" : formatValue("ratio", level.hitRatio)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl>
            <Row label="L1 size" value={`${status.l1.entries} entries`} />
            <Row label="L1 evictions" value={`${status.l1.evictions} total`} hint="entries evicted to stay within the size bound" />
            <Row
              label="L2 latency p50 / p95 / p99"
              value={hasL2 ? [latency.p50Seconds, latency.p95Seconds, latency.p99Seconds].map((value) => formatValue("seconds", value)).join(" / ") : "no L2"}
              hint={`${latency.operations} Redis operations`}
            />
          </dl>
        </div>
      ) : null}
    </Panel>
  );
}

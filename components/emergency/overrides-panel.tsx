"use client";

import { useEffect, useState } from "react";
import { Panel } from "@/components/ops/panel";
import type { OverrideOutput } from "@/lib/emergency/schemas";
import { useEndOverride, useOverrides } from "./queries";

function countdown(ms: number): string {
  if (ms <= 0) return "lapsing now";
  const totalSeconds = Math.floor(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `${minutes} min ${String(seconds).padStart(2, "0")} s left`;
}

const KIND_LABEL: Record<string, string> = { "circuit-breaker": "Circuit breaker", "min-instances": "Raised minimum instances", "autoscaling-paused": "Autoscaling paused", "workflow-queue-paused": "Workflow queue paused" };

function OverrideRow({ override, now, canEnd }: { override: OverrideOutput; now: number; canEnd: boolean }) {
  const end = useEndOverride();
  const [reason, setReason] = useState("");
  const [asking, setAsking] = useState(false);
  const msLeft = Date.parse(override.expiresAt) - now;
  return (
    <li className={`flex items-start justify-between gap-4 py-3 ${override.reminderDue ? "-mx-2 rounded bg-warn/15 px-2" : ""}`} data-testid="active-override">
      <div>
        <p className="text-sm font-medium">{`${KIND_LABEL[override.kind] ?? override.kind} · ${override.scope}`}</p>
        <p className="text-xs text-muted">
          {`owner ${override.owner.email} · until `}
          <time dateTime={override.expiresAt}>{new Date(override.expiresAt).toLocaleTimeString()}</time>
        </p>
        <p className={`text-sm tabular-nums ${override.reminderDue ? "font-semibold" : ""}`} aria-live="off">
          {countdown(msLeft)}
          {override.reminderDue ? " · lapses soon: extend it by running the procedure again after it ends, or end it now" : ""}
        </p>
      </div>
      {canEnd ? (
        asking ? (
          <form
            className="flex items-center gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              end.mutate({ overrideId: override.id, reason });
            }}
          >
            <label className="text-xs">
              Reason
              <input value={reason} onChange={(event) => setReason(event.target.value)} minLength={3} required autoFocus className="ml-1 w-48 rounded-md border border-line px-2 py-1 text-sm" />
            </label>
            <button type="submit" disabled={end.isPending || reason.trim().length < 3} className="rounded-md bg-danger px-3 py-1.5 text-sm text-white disabled:opacity-50">
              End now
            </button>
            <button type="button" onClick={() => setAsking(false)} className="rounded-md border border-line px-3 py-1.5 text-sm">
              Keep
            </button>
            <span className="text-xs text-muted">may ask for your password</span>
            {end.error ? <span role="alert" className="text-xs text-danger">{end.error.message}</span> : null}
          </form>
        ) : (
          <button type="button" onClick={() => setAsking(true)} className="rounded-md border border-danger px-3 py-1.5 text-sm text-danger">
            End now…
          </button>
        )
      ) : (
        <span className="text-xs text-muted">SREs and admins can end it</span>
      )}
    </li>
  );
}

/** Everything switched away from normal, with owner, countdown and "end now": nothing stays on by oversight. */
export function OverridesPanel({ canEnd }: { canEnd: boolean }) {
  const overrides = useOverrides();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const items = overrides.data?.items ?? [];
  return (
    <Panel
      title="Active overrides"
      subtitle="each ends at its expiry"
      isLoading={overrides.isLoading}
      error={overrides.error?.message ?? null}
      isEmpty={items.length === 0}
      emptyText="Nothing is overridden: no circuit breaker, raised minimum or paused autoscaling. Procedures that change normal operation list their override here with its owner and expiry."
      onRetry={() => void overrides.refetch()}
      minHeight={140}
    >
      <ul className="divide-y divide-line">
        {items.map((override) => (
          <OverrideRow key={override.id} override={override} now={now} canEnd={canEnd} />
        ))}
      </ul>
    </Panel>
  );
}

"use client";

import { useCallback, useState } from "react";
import { LiveStatus } from "@/components/ops/live-status";
import { useSignals } from "@/components/ops/queries";
import { SignalPanel } from "@/components/ops/signal-panel";
import { TimeRangePicker, useTimeRange } from "@/components/ops/time-range";
import { Toast } from "@/components/scaling/toast";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import { InvalidateCard } from "./invalidate-card";
import { useCacheStatus } from "./queries";
import { FiguresPanel, ModePanel } from "./status-panels";
import { WarmCard } from "./warm-card";

const HISTORY_SIGNALS = ["cache_hit_ratio", "http_request_rate"];
const DISABLED_REASON = "Only SREs and admins can invalidate or warm.";

/** Cache levels, breaker and figures now; hit ratio and request rate over the range; actions for SREs. */
export function CacheView({ role }: { role: PlatformRole }) {
  const range = useTimeRange();
  const status = useCacheStatus();
  const history = useSignals(range, HISTORY_SIGNALS);
  const [toast, setToast] = useState<string | null>(null);
  const closeToast = useCallback(() => setToast(null), []);
  const statusError = status.error ? status.error.message : null;
  const historyError = history.error ? history.error.message : null;
  const canAct = hasPlatformRole(role, ["sre"]);
  const panelProps = { status: status.data, isLoading: status.isLoading, error: statusError, onRetry: () => void status.refetch() };
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Cache</h1>
          <LiveStatus updatedAt={status.dataUpdatedAt} error={statusError} />
        </div>
        <TimeRangePicker />
      </header>
      <div className="grid gap-4 lg:grid-cols-2">
        <ModePanel {...panelProps} />
        <FiguresPanel {...panelProps} />
        <SignalPanel title="Hit ratio by level" signals={["cache_hit_ratio"]} data={history.data} isLoading={history.isLoading} error={historyError} onRetry={() => void history.refetch()} />
        <SignalPanel title="Request rate" signals={["http_request_rate"]} data={history.data} isLoading={history.isLoading} error={historyError} onRetry={() => void history.refetch()} />
      </div>
      <section aria-labelledby="cache-actions" className="space-y-3 rounded-lg border border-danger/40 p-4">
        <h2 id="cache-actions" className="text-sm font-semibold text-danger">
          Danger zone: cache actions (audited)
        </h2>
        <div className="grid gap-4 lg:grid-cols-2">
          <InvalidateCard canAct={canAct} disabledReason={DISABLED_REASON} onDone={setToast} />
          <WarmCard canAct={canAct} disabledReason={DISABLED_REASON} onDone={setToast} />
        </div>
      </section>
      <Toast message={toast} onClose={closeToast} />
    </section>
  );
}

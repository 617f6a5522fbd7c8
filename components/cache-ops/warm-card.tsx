"use client";

import { useWarmNow } from "./queries";

/** Runs the registered warmers in the answering instance; counts when done (no live progress over plain JSON). */
export function WarmCard({ canAct, disabledReason, onDone }: { canAct: boolean; disabledReason: string; onDone: (message: string) => void }) {
  const warm = useWarmNow();
  return (
    <article className="space-y-3 rounded-lg border border-danger/40 bg-panel p-4" aria-label="Warm now">
      <header>
        <h3 className="font-semibold">Warm now</h3>
        <p className="text-sm text-muted">
          Runs every registered warmer (popular templates, then the dashboard stats of active tenants) now instead of waiting for its schedule. Use it after a flush or a deploy that emptied the cache; it reads
          from the database a few items at a time. Who: SREs and admins; it may ask for your password.
        </p>
      </header>
      <button
        type="button"
        disabled={!canAct || warm.isPending}
        title={canAct ? undefined : disabledReason}
        onClick={() => warm.mutate(undefined, { onSuccess: (result) => onDone(`Warmed: ${result.runs.map((run) => `${run.warmer} ${run.warmed}/${run.total}`).join(", ") || "no warmers registered"}`) })}
        className="rounded-md bg-accent px-3 py-1 text-sm text-accent-ink disabled:opacity-50"
      >
        {warm.isPending ? "Warming…" : "Warm now"}
      </button>
      {!canAct ? <p className="text-xs text-muted">{disabledReason}</p> : null}
      {warm.isPending ? (
        <p role="status" aria-busy="true" className="text-sm text-muted">
          Running the warmers; counts appear when they finish.
        </p>
      ) : null}
      {warm.error ? <p role="alert" className="text-sm text-danger">{warm.error.message}</p> : null}
      {warm.data ? (
        <div data-testid="warm-result" className="text-sm">
          {warm.data.runs.length === 0 ? (
            <p>No warmers are registered in this instance (the background work is off).</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full">
                <thead className="text-left text-xs text-muted">
                  <tr>
                    <th className="py-1 font-medium">Warmer</th>
                    <th className="py-1 text-right font-medium">Warmed</th>
                    <th className="py-1 text-right font-medium">Failed</th>
                    <th className="py-1 text-right font-medium">Total</th>
                    <th className="py-1 text-right font-medium">Took</th>
                  </tr>
                </thead>
                <tbody>
                  {warm.data.runs.map((run) => (
                    <tr key={run.warmer} className="border-t border-line">
                      <td className="py-1.5">
                        {run.warmer}
                        {run.error ? <span className="block text-xs text-danger">{run.error}</span> : null}
                      </td>
                      <td className="py-1.5 text-right tabular-nums">{run.warmed}</td>
                      <td className="py-1.5 text-right tabular-nums">{run.failed}</td>
                      <td className="py-1.5 text-right tabular-nums">{run.total}</td>
                      <td className="py-1.5 text-right tabular-nums">{`${run.durationMs} ms`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="mt-1 text-xs text-muted">{`Audit entry ${warm.data.audit.id}`}</p>
        </div>
      ) : null}
    </article>
  );
}

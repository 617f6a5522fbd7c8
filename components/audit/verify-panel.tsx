"use client";

import { useVerifyChain } from "./queries";

/** "Verify chain": walks the whole log on the server and says ok with the count, or where it breaks. */
export function VerifyPanel() {
  const verify = useVerifyChain();
  const result = verify.data;
  const intact = result?.ok && result.unprotected.length === 0;
  return (
    <section className="rounded-lg border border-line bg-panel p-4" aria-label="Chain verification">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending} className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink disabled:opacity-50">
          {verify.isPending ? "Verifying…" : "Verify chain"}
        </button>
        <p className="text-xs text-muted">Recomputes every entry&apos;s hash from its fields and checks each link to the entry before it.</p>
      </div>
      <div className="mt-2 min-h-10 text-sm" role="status" aria-live="polite" data-testid="verify-result">
        {verify.error ? <p className="text-danger">Verification failed to run: {verify.error.message}</p> : null}
        {result ? (
          <div className={intact ? "text-ok" : "text-danger"}>
            {result.summary.map((line) => (
              <p key={line} className="break-all">
                {intact ? "✓ " : "✗ "}
                {line}
              </p>
            ))}
            <p className="text-xs text-muted">
              checked at {new Date(result.checkedAt).toLocaleTimeString()} in {result.durationMs} ms
            </p>
          </div>
        ) : null}
      </div>
    </section>
  );
}

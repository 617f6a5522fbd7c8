"use client";

import { formatTimestamp } from "@/components/workflows/format";
import { useDeadLetterDetail } from "./queries";

/**
 * What failed and why, for deciding whether a retry will help: the failing step with its type,
 * each failed attempt's error and time, and the input that step read (the tenant's data, shown
 * because an operator opened this dead letter of that tenant).
 */
export function DeadLetterDetail({ id }: { id: string }) {
  const detail = useDeadLetterDetail(id);
  if (detail.isPending) return <div className="h-24 animate-pulse rounded bg-surface" aria-busy aria-label="Loading the dead letter" />;
  if (detail.error) {
    return (
      <div role="alert" className="flex items-center gap-3 text-sm text-danger">
        <p>{`The dead letter could not be loaded: ${detail.error.message}`}</p>
        <button type="button" className="rounded-md border border-line px-3 py-1 text-ink" onClick={() => void detail.refetch()}>
          Retry loading
        </button>
      </div>
    );
  }
  const { failedStep, failedAttempts, stepInput, stepInputTruncated, tenantName } = detail.data;
  return (
    <div className="grid gap-3 text-sm md:grid-cols-2" data-testid="dead-letter-detail">
      <div className="space-y-2">
        <h3 className="text-xs font-semibold text-muted">Failing step</h3>
        {failedStep ? (
          <p>
            Step {failedStep.index + 1} <span className="font-mono">{failedStep.stepId}</span> ({failedStep.type}), {failedStep.attempts} attempt{failedStep.attempts === 1 ? "" : "s"}
          </p>
        ) : (
          <p className="text-muted">The execution failed before any step ran.</p>
        )}
        {failedAttempts.length > 0 ? (
          <ol className="space-y-1" aria-label="Failed attempts">
            {failedAttempts.map((attempt, index) => (
              <li key={`${attempt.at}-${index}`} className="rounded border border-line px-2 py-1">
                <span className="text-xs text-muted">
                  Attempt {attempt.attempt ?? "?"} · <time dateTime={attempt.at}>{formatTimestamp(attempt.at)}</time>
                </span>
                <p className="font-mono text-xs break-words text-danger">{attempt.message ?? "no message"}</p>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      <div className="min-w-0 space-y-2">
        <h3 className="text-xs font-semibold text-muted">Input the step read ({tenantName}&apos;s data)</h3>
        <pre className="max-h-60 overflow-auto rounded border border-line bg-surface p-2 font-mono text-xs whitespace-pre-wrap break-all">
          {typeof stepInput === "string" && stepInputTruncated ? stepInput : JSON.stringify(stepInput, null, 2)}
        </pre>
        {stepInputTruncated ? <p className="text-xs text-muted">Only the first 16 KB are shown.</p> : null}
      </div>
    </div>
  );
}

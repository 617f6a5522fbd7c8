/** Done of total as a bar and as words (never the bar alone). */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="flex items-center gap-2">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} className="h-2 w-full min-w-16 overflow-hidden rounded bg-line">
        <div className={`h-full ${done === total && total > 0 ? "bg-ok" : "bg-accent"}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="shrink-0 text-xs tabular-nums text-muted">
        {done}/{total}
      </span>
    </div>
  );
}

import type { ReactNode } from "react";

/** A titled card that owns its loading, error and empty states, at a fixed height (no layout jump). */
export function Panel({
  title,
  subtitle,
  isLoading,
  error,
  isEmpty,
  emptyText,
  onRetry,
  minHeight = 260,
  children,
}: {
  title: string;
  subtitle?: string;
  isLoading: boolean;
  error?: string | null;
  isEmpty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  minHeight?: number;
  children: ReactNode;
}) {
  return (
    <section className="rounded-lg border border-line bg-panel p-4" style={{ minHeight }} aria-label={title}>
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 className="text-sm font-semibold">{title}</h2>
        {subtitle ? <span className="text-xs text-muted">{subtitle}</span> : null}
      </header>
      {isLoading ? (
        <div className="h-48 animate-pulse rounded bg-surface" aria-label="loading" />
      ) : error && isEmpty ? (
        <div role="alert" className="flex h-48 flex-col items-center justify-center gap-2 text-sm text-danger">
          <p>{error}</p>
          {onRetry ? (
            <button type="button" onClick={onRetry} className="rounded-md border border-line px-3 py-1 text-ink">
              Retry
            </button>
          ) : null}
        </div>
      ) : isEmpty ? (
        <p className="flex h-48 items-center justify-center text-center text-sm text-muted">{emptyText ?? "No data yet."}</p>
      ) : (
        children
      )}
    </section>
  );
}

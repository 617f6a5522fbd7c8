import type { ReactNode } from "react";

/** Card-shaped placeholders at the cards' own height, so results arrive without a layout jump. */
export function CardGridSkeleton({ count, cardHeightClass }: { count: number; cardHeightClass: string }) {
  return (
    <ul aria-label="loading" aria-busy="true" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {Array.from({ length: count }, (_, index) => (
        <li key={index} className={`${cardHeightClass} animate-pulse rounded-lg border border-line bg-panel p-4`}>
          <div className="h-4 w-2/3 rounded bg-surface" />
          <div className="mt-3 h-3 w-1/3 rounded bg-surface" />
          <div className="mt-4 h-3 w-full rounded bg-surface" />
          <div className="mt-2 h-3 w-5/6 rounded bg-surface" />
        </li>
      ))}
    </ul>
  );
}

export function ResultsError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="flex min-h-48 flex-col items-center justify-center gap-3 rounded-lg border border-danger/40 bg-panel p-6 text-sm">
      <p className="text-danger">{message}</p>
      <button type="button" onClick={onRetry} className="rounded-md border border-line px-3 py-1">
        Retry
      </button>
    </div>
  );
}

export function ResultsEmpty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex min-h-48 flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-line bg-panel p-6 text-center text-sm">
      <p className="font-medium">{title}</p>
      {children ? <div className="text-muted">{children}</div> : null}
    </div>
  );
}

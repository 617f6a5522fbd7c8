"use client";

import { useEffect, useRef } from "react";

/**
 * The end of an infinite list: scrolling near it loads the next page; the "Load more" button
 * does the same for keyboard and screen-reader users (and when observers are unavailable).
 */
export function InfiniteFooter({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  error,
  shownCount,
  noun,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  error: string | null;
  shownCount: number;
  noun: string;
}) {
  const sentinel = useRef<HTMLDivElement>(null);
  const shouldLoad = hasNextPage && !isFetchingNextPage && !error;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !shouldLoad || typeof IntersectionObserver === "undefined") return;
    // Start loading a little before the end is on screen, so scrolling rarely has to wait.
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && fetchNextPage(), { rootMargin: "400px 0px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [shouldLoad, fetchNextPage]);

  return (
    <div ref={sentinel} className="flex min-h-16 flex-col items-center justify-center gap-2 py-4 text-sm text-muted">
      {error ? (
        <div role="alert" className="flex items-center gap-3 text-danger">
          <span>Could not load more: {error}</span>
          <button type="button" onClick={fetchNextPage} className="rounded-md border border-line bg-panel px-3 py-1 text-ink">
            Retry
          </button>
        </div>
      ) : hasNextPage ? (
        <button type="button" onClick={fetchNextPage} disabled={isFetchingNextPage} className="rounded-md border border-line bg-panel px-4 py-1.5 text-ink disabled:opacity-60">
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : (
        <p aria-live="polite">
          All {shownCount} {noun} shown
        </p>
      )}
    </div>
  );
}

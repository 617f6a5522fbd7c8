"use client";

import { useEffect, useState } from "react";
import { formatAge } from "./format";
import { LIVE_REFRESH_MS } from "./queries";

/** "Updated 3 s ago", turning into a warning once the data is older than three refreshes. */
export function LiveStatus({ updatedAt, error }: { updatedAt: number; error?: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const age = updatedAt > 0 ? now - updatedAt : 0;
  const stale = updatedAt > 0 && age > 3 * LIVE_REFRESH_MS;
  return (
    <p className={`text-xs ${stale || error ? "text-danger" : "text-muted"}`} aria-live="polite">
      {updatedAt === 0 ? "loading…" : `updated ${formatAge(age)}`}
      {stale ? " · data is stale" : ""}
      {error ? ` · refresh failed: ${error}` : ""}
    </p>
  );
}

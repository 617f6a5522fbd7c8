/** 12:03:41 — the detectors sample every few seconds, so charts need seconds on the clock. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds / 60)} min`;
}

/** The chart's time range: the samples' span, at least one minute so a first sample is visible. */
export function chartRange(times: number[]): { fromMs: number; toMs: number } {
  const toMs = times.at(-1) ?? 0;
  return { fromMs: Math.min(times[0] ?? toMs, toMs - 60_000), toMs };
}

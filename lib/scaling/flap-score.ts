import type { AlertState } from "./alert-state";

export type StateSample = { evalTimeSeconds: number; state: AlertState };

const SECONDS_PER_HOUR = 3600;

/**
 * State changes per hour across the history's span (first to last sample, in time order).
 * A rule that flips between pending, firing and inactive scores high: its `for` or
 * `keep_firing_for` is too short for how noisy the metric is. Fewer than two samples, or
 * samples that span no time, score 0: there is no rate to speak of.
 */
export function calculateFlapScore(history: readonly StateSample[]): number {
  const samples = [...history].sort((a, b) => a.evalTimeSeconds - b.evalTimeSeconds);
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) return 0;
  const spanSeconds = last.evalTimeSeconds - first.evalTimeSeconds;
  if (spanSeconds <= 0) return 0;
  let transitions = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i]!.state !== samples[i - 1]!.state) transitions++;
  }
  return transitions / (spanSeconds / SECONDS_PER_HOUR);
}

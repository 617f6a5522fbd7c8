/** A requested number of processes, rounded and held within the bounds (a bad value means the minimum). */
export function clampProcessCount(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.round(value)));
}

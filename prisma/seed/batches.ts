/** Rows in slices of `size`: each slice becomes one INSERT statement. */
export function inBatches<T>(rows: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += size) batches.push(rows.slice(start, start + size));
  return batches;
}

/** Seeded rows are dated back from this fixed day, so every seed run writes the same values. */
export const SEED_EPOCH_MS = Date.UTC(2026, 10, 1);
export const DAY_MS = 86_400_000;

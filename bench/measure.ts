/** Runs `work` `runs` times (after one warm-up) and returns the median and p95 in milliseconds. */
export async function timeRuns(runs: number, work: (run: number) => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  await work(-1);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedAt = performance.now();
    await work(run);
    samples.push(performance.now() - startedAt);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))]! * 100) / 100;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

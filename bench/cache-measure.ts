/** Timing helpers for bench/cache.ts: contenders measured in alternating rounds. */

export type Latency = { opsPerSecond: number; p50Ms: number; p99Ms: number };

export function percentile(sorted: Float64Array, fraction: number): number {
  return round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0, 3);
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

type Operation = (index: number) => Promise<unknown>;
type Measurement = { count: number; elapsedMs: number; samples: number[] };

/** The machine is shared: contenders take turns in short rounds so background load hits both alike. */
export const ROUNDS = 6;

/** `concurrency` loops calling `operation` for `seconds`; per-call timing only when `isTimed`. */
async function measureRound(operation: Operation, concurrency: number, seconds: number, isTimed: boolean, into: Measurement): Promise<void> {
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1_000;
  let index = into.count;
  const loop = async () => {
    while (performance.now() < endAt) {
      // Untimed: 64 calls between clock reads, which would otherwise cost as much as an L1 hit.
      for (let call = 0; call < (isTimed ? 1 : 64); call++) {
        const callStartedAt = isTimed ? performance.now() : 0;
        await operation(index++);
        if (isTimed) into.samples.push(performance.now() - callStartedAt);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  into.count = index;
  into.elapsedMs += performance.now() - startedAt;
}

export async function compare<Name extends string>(
  contenders: Record<Name, Operation>,
  options: { concurrency: number; seconds: number; isTimed: boolean },
): Promise<Record<Name, Latency>> {
  const names = Object.keys(contenders) as Name[];
  const measured = new Map(names.map((name) => [name, { count: 0, elapsedMs: 0, samples: [] } as Measurement]));
  for (const name of names) await measureRound(contenders[name], options.concurrency, 0.3, false, { count: 0, elapsedMs: 0, samples: [] }); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      await measureRound(contenders[name], options.concurrency, options.seconds / ROUNDS, options.isTimed, measured.get(name)!);
    }
  }
  const summarize = ({ count, elapsedMs, samples }: Measurement): Latency => {
    const sorted = Float64Array.from(samples).sort();
    return { opsPerSecond: Math.round(count / (elapsedMs / 1_000)), p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
  };
  return Object.fromEntries(names.map((name) => [name, summarize(measured.get(name)!)])) as Record<Name, Latency>;
}

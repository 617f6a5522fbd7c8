import { cacheKeys, createCache, type Cache } from "../lib/cache";
import type { CacheSettings } from "../lib/cache/config";
import { startOwnRedis } from "../tests/support/redis-server";
import { compare, percentile, round, ROUNDS, type Latency } from "./cache-measure";
import { cacheManagerTiers, naiveReadThrough, sampleTemplate, simulatedDatabase } from "./cache-workloads";
import type { BenchOptions, BenchReport } from "./report";

/**
 * Our cache against cache-manager 7 (in-memory Keyv + @keyv/redis) on the same workloads, in one
 * run, on a redis-server of the benchmark's own: L1 hits (read-through of hot keys), L2 hits (L1
 * defeated), and a 1,000-request cold burst on one key against the guide's naive read-through.
 */

type Burst = { loaderCalls: number; p50Ms: number; p99Ms: number };

const HOT_KEYS = 100;
const L2_KEYS = 1_000;
const BURST_SIZE = 1_000;

/** BURST_SIZE requests for one cold key at once, spread over `readers`; latency per request. */
async function burst(readers: ((key: string, load: () => Promise<object>) => Promise<unknown>)[], key: string): Promise<Burst> {
  const database = simulatedDatabase();
  const load = () => database.query(() => sampleTemplate("burst"));
  const startedAt = performance.now();
  const finishedAt = await Promise.all(Array.from({ length: BURST_SIZE }, (_, index) => readers[index % readers.length]!(key, load).then(() => performance.now())));
  const sorted = Float64Array.from(finishedAt.map((at) => at - startedAt)).sort();
  return { loaderCalls: database.queries, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

export async function runCacheBench(options: BenchOptions): Promise<BenchReport> {
  const redis = await startOwnRedis();
  const closers: (() => unknown)[] = [];
  const ourCache = async (settings: Partial<CacheSettings> = {}): Promise<Cache> => {
    const cache = createCache({ redisUrl: redis.url, settings });
    closers.push(() => cache.close());
    while (cache.describeHealth().mode !== "l1+redis") await new Promise((resolve) => setTimeout(resolve, 10));
    return cache;
  };
  try {
    const seconds = Math.max(1, options.durationSeconds / 5);
    const { connections } = options;
    const values = Array.from({ length: L2_KEYS }, (_, index) => sampleTemplate(`t${index}`));
    const keys = values.map((value) => cacheKeys.template("bench", value.id));
    // Counts loader calls: a hit measurement that calls the loader isn't measuring hits.
    const loads = { count: 0 };
    const loadFor = (index: number) => async () => ((loads.count += 1), values[index % L2_KEYS]!);

    // L1: hot keys, already cached.
    const ours = await ourCache();
    const manager = await cacheManagerTiers(redis.url, 1_000);
    closers.push(manager.close);
    for (let index = 0; index < HOT_KEYS; index++) {
      await ours.getOrLoad(keys[index]!, loadFor(index));
      await manager.manager.wrap(keys[index]!, loadFor(index));
    }
    loads.count = 0;
    const l1 = await compare(
      { ours: (i) => ours.getOrLoad(keys[i % HOT_KEYS]!, loadFor(i)), theirs: (i) => manager.manager.wrap(keys[i % HOT_KEYS]!, loadFor(i)) },
      { concurrency: connections, seconds, isTimed: false },
    );
    const hitPhaseLoads = { l1: loads.count, l2: 0 };

    // L2: 1,000 keys in Redis only; our L1 holds one entry, so round-robin reads always miss it.
    const writer = await ourCache();
    for (let index = 0; index < L2_KEYS; index++) {
      await writer.getOrLoad(keys[index]!, loadFor(index));
      await manager.redis.set(keys[index]!, values[index], 600_000);
    }
    await writer.close();
    const oursL2 = await ourCache({ l1MaxEntries: 1 });
    const managerL2 = await cacheManagerTiers(redis.url, 1);
    closers.push(managerL2.close);
    const secondKey = (i: number) => (i * 7) % L2_KEYS; // consecutive reads never hit the one L1 entry
    loads.count = 0;
    const l2Contenders = {
      ours: (i: number) => oursL2.getOrLoad(keys[secondKey(i)]!, loadFor(i)),
      theirs: (i: number) => managerL2.manager.wrap(keys[secondKey(i)]!, loadFor(i)),
    };
    const l2 = await compare(l2Contenders, { concurrency: connections, seconds, isTimed: true });
    const l2Serial = await compare(l2Contenders, { concurrency: 1, seconds, isTimed: true });
    hitPhaseLoads.l2 = loads.count;

    // Stampede: a cold key, 1,000 requests at once.
    const naive = [naiveReadThrough(redis.url), naiveReadThrough(redis.url)];
    closers.push(...naive.map((reader) => reader.close));
    const secondInstance = await ourCache();
    const secondManager = await cacheManagerTiers(redis.url, 1_000);
    closers.push(secondManager.close);
    const bursts = {
      naiveOne: await burst([(key, load) => naive[0]!.get(key, load)], "burst:naive-1"),
      naiveTwo: await burst(naive.map((reader) => (key: string, load: () => Promise<object>) => reader.get(key, load)), "burst:naive-2"),
      managerTwo: await burst([manager.manager, secondManager.manager].map((cm) => (key: string, load: () => Promise<object>) => cm.wrap(key, load)), "burst:cm-2"),
      oursOne: await burst([(key, load) => ours.getOrLoad(key, load)], cacheKeys.template("bench", "burst-1")),
      oursTwo: await burst([ours, secondInstance].map((cache) => (key: string, load: () => Promise<object>) => cache.getOrLoad(key, load)), cacheKeys.template("bench", "burst-2")),
    };

    return report({ connections, seconds, l1, l2, l2Serial, bursts, hitPhaseLoads });
  } finally {
    for (const close of closers.reverse()) await close();
    await redis.kill();
  }
}

type Pair = Record<"ours" | "theirs", Latency>;
type Results = {
  connections: number;
  seconds: number;
  l1: Pair;
  l2: Pair;
  l2Serial: Pair;
  bursts: Record<"naiveOne" | "naiveTwo" | "managerTwo" | "oursOne" | "oursTwo", Burst>;
  /** Loader calls during the hit measurements (all contenders); 0 when every read was a hit. */
  hitPhaseLoads: { l1: number; l2: number };
};

function report(results: Results): BenchReport {
  const { connections, seconds, l1, l2, l2Serial, bursts, hitPhaseLoads } = results;
  const ratios = {
    l1OpsPerSecond: round(l1.ours.opsPerSecond / l1.theirs.opsPerSecond, 2),
    l2OpsPerSecond: round(l2.ours.opsPerSecond / l2.theirs.opsPerSecond, 2),
    l2P50: round(l2.theirs.p50Ms / l2.ours.p50Ms, 2),
    l2P99: round(l2.theirs.p99Ms / l2.ours.p99Ms, 2),
    l2SerialP50: round(l2Serial.theirs.p50Ms / l2Serial.ours.p50Ms, 2),
    l2SerialP99: round(l2Serial.theirs.p99Ms / l2Serial.ours.p99Ms, 2),
  };
  const latencyRow = (name: string, result: Latency) => `| ${name} | ${result.opsPerSecond} | ${result.p50Ms} | ${result.p99Ms} |`;
  const burstRow = (name: string, result: Burst) => `| ${name} | ${result.loaderCalls} | ${result.p50Ms} | ${result.p99Ms} |`;
  const markdown = [
    `## Cache: ours vs cache-manager 7 (memory Keyv + @keyv/redis), ${connections} concurrent callers, ${seconds} s per contender and measurement in ${ROUNDS} alternating rounds`,
    "",
    "| L1 hit (read-through of 100 hot keys) | ops/s |",
    "|---|---:|",
    `| ours \`getOrLoad\` | ${l1.ours.opsPerSecond} |`,
    `| cache-manager \`wrap\` | ${l1.theirs.opsPerSecond} |`,
    "",
    "| L2 hit (1,000 keys, L1 defeated) | ops/s | p50 ms | p99 ms |",
    "|---|---:|---:|---:|",
    latencyRow(`ours, ${connections} callers`, l2.ours),
    latencyRow(`cache-manager, ${connections} callers`, l2.theirs),
    latencyRow("ours, 1 caller", l2Serial.ours),
    latencyRow("cache-manager, 1 caller", l2Serial.theirs),
    "",
    `Loader calls during the hit measurements (must be 0): L1 ${hitPhaseLoads.l1}, L2 ${hitPhaseLoads.l2}.`,
    "",
    `Ratios (ours ÷ theirs for ops/s, theirs ÷ ours for latency; > 1 means ours is ahead): L1 ops/s **${ratios.l1OpsPerSecond}**; L2 ops/s **${ratios.l2OpsPerSecond}**, p50 **${ratios.l2P50}**, p99 **${ratios.l2P99}** (${connections} callers), p50 **${ratios.l2SerialP50}**, p99 **${ratios.l2SerialP99}** (1 caller)`,
    "",
    `| Cold burst: ${BURST_SIZE} requests for one key, database = 20-connection pool of 20 ms queries | loader calls | p50 ms | p99 ms |`,
    "|---|---:|---:|---:|",
    burstRow("naive read-through (the guide's), 1 instance", bursts.naiveOne),
    burstRow("naive read-through, 2 instances", bursts.naiveTwo),
    burstRow("cache-manager `wrap` (in-process coalescing), 2 instances", bursts.managerTwo),
    burstRow("ours, 1 instance", bursts.oursOne),
    burstRow("ours, 2 instances (Redis fill lock)", bursts.oursTwo),
  ].join("\n");
  return { name: "cache", markdown, data: { ...results, ratios } };
}

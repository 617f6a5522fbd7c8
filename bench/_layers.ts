import { deserialize } from "node:v8";
import { createCache, cacheKeys } from "../lib/cache";
import { CircuitBreaker } from "../lib/cache/breaker";
import { GuardedRedis } from "../lib/cache/guarded-redis";
import { L2Entries } from "../lib/cache/l2";
import { cacheMetrics } from "../lib/cache/metrics";
import { startOwnRedis } from "../tests/support/redis-server";
import { sampleTemplate } from "./cache-workloads";
const redis = await startOwnRedis();
const writer = createCache({ redisUrl: redis.url });
while (writer.describeHealth().mode !== "l1+redis") await new Promise((r) => setTimeout(r, 10));
const keys = Array.from({ length: 1000 }, (_, i) => cacheKeys.template("bench", `t${i}`));
for (let i = 0; i < 1000; i++) await writer.getOrLoad(keys[i]!, async () => sampleTemplate(`t${i}`));
await writer.close();
const guarded = new GuardedRedis({ url: redis.url, timeoutMs: 150, breaker: new CircuitBreaker({ failureThreshold: 5, cooldownMs: 5000, now: Date.now }), metrics: cacheMetrics() });
const l2 = new L2Entries(guarded);
const reader = createCache({ redisUrl: redis.url, settings: { l1MaxEntries: 1 } });
while (reader.describeHealth().mode !== "l1+redis" || guarded.status !== "ready") await new Promise((r) => setTimeout(r, 10));
async function timeIt(label: string, op: (i: number) => Promise<unknown>, conc: number) {
  let n = 0; const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (performance.now() - t < 1500) await op(n++); }));
  console.log(label.padEnd(28), conc, Math.round(n / 1.5), "ops/s");
}
const k = (i: number) => keys[(i * 7) % 1000]!;
for (let round = 0; round < 2; round++) for (const conc of [50, 1]) {
  await timeIt("raw getBuffer+deserialize", async (i) => deserialize((await guarded.client.getBuffer(k(i)))!), conc);
  await timeIt("guarded run+deserialize", async (i) => { const b = await guarded.run("get", (c) => c.getBuffer(k(i))); return deserialize(b as Buffer); }, conc);
  await timeIt("l2.get", (i) => l2.get(k(i)), conc);
  await timeIt("getOrLoad", (i) => reader.getOrLoad(k(i), async () => null), conc);
}
guarded.disconnect(); await reader.close(); await redis.kill();

import { Redis } from "ioredis";
import { deserialize } from "node:v8";
import { createCache, cacheKeys } from "../lib/cache";
import { startOwnRedis } from "../tests/support/redis-server";
import { sampleTemplate } from "./cache-workloads";
const redis = await startOwnRedis();
const writer = createCache({ redisUrl: redis.url });
while (writer.describeHealth().mode !== "l1+redis") await new Promise((r) => setTimeout(r, 10));
const keys = Array.from({ length: 1000 }, (_, i) => cacheKeys.template("bench", `t${i}`));
for (let i = 0; i < 1000; i++) await writer.getOrLoad(keys[i]!, async () => sampleTemplate(`t${i}`));
await writer.close();
const mode = process.argv[2];
async function timeIt(label: string, op: (i: number) => Promise<unknown>, conc: number) {
  let n = 0; const t = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (performance.now() - t < 2000) await op(n++); }));
  console.log(label, conc, Math.round(n / 2), "ops/s");
}
for (const ap of [false, true]) {
  const raw = new Redis(redis.url, { enableAutoPipelining: ap });
  await new Promise((r) => raw.once("ready", r));
  await timeIt(`raw getBuffer+deserialize ap=${ap}`, async (i) => deserialize((await raw.getBuffer(keys[(i * 7) % 1000]!))!), 1);
  await timeIt(`raw getBuffer+deserialize ap=${ap}`, async (i) => deserialize((await raw.getBuffer(keys[(i * 7) % 1000]!))!), 50);
  raw.disconnect();
}
const reader = createCache({ redisUrl: redis.url, settings: { l1MaxEntries: 1 } });
while (reader.describeHealth().mode !== "l1+redis") await new Promise((r) => setTimeout(r, 10));
await timeIt("ours", (i) => reader.getOrLoad(keys[(i * 7) % 1000]!, async () => null), 1);
await timeIt("ours", (i) => reader.getOrLoad(keys[(i * 7) % 1000]!, async () => null), 50);
await reader.close(); await redis.kill();

import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { expect, onTestFinished } from "vitest";
import { createCache, type Cache, type CreateCacheOptions } from "@/lib/cache";
import { metrics } from "@/lib/metrics/registry";

/** A tenant id no other test (or run) uses, so keys on a shared Redis never collide. */
export function uniqueTenantId(): string {
  return `test-${randomBytes(6).toString("hex")}`;
}

/** A cache that closes itself when the test finishes; with Redis, connected before it is returned. */
export async function makeCache(options: CreateCacheOptions = {}): Promise<Cache> {
  const cache = createCache(options);
  onTestFinished(() => cache.close());
  if (options.redisUrl) await expect.poll(() => cache.describeHealth().mode, { timeout: 5_000 }).toBe("l1+redis");
  return cache;
}

/** A plain connection for looking at Redis from the outside (TTLs, command statistics), closed with the test. */
export function inspector(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  onTestFinished(() => client.disconnect());
  return client;
}

/** Current value of a counter or gauge in the process registry, for one label set. */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const matching = values.filter((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label));
  return matching.reduce((sum, value) => sum + value.value, 0);
}

/** Calls counted, each after `delayMs`, returning `value` (a stand-in for a database query). */
export function countingLoader<T>(value: T, delayMs = 0) {
  const loader = async (): Promise<T> => {
    loader.calls += 1;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return value;
  };
  loader.calls = 0;
  return loader;
}

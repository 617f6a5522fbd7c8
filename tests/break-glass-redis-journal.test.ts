import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { foldEntries, toJournalRun } from "@/lib/break-glass/entries";
import { RedisJournalStore } from "@/lib/break-glass/journal-store";
import { promotionRunRow } from "./support/procedure-runs";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

// With REDIS_URL the break-glass journal lives in Redis, shared by instances on other machines:
// two clients (two instances) race for the same lock on a real redis-server.

let server: OwnRedis;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  server = await startOwnRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server?.kill();
});


describe("the break-glass journal in Redis", () => {
  test("two instances racing to request a run: exactly one is journaled, numbered, and drained once", async () => {
    const prefix = `test:break-glass:${randomUUID()}`;
    const instances = [new RedisJournalStore(connect(), prefix), new RedisJournalStore(connect(), prefix)];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        instances[index % 2]!.update((entries) => {
          if (foldEntries(entries).createdRuns.size > 0) throw new Error("one run at a time");
          return { append: [{ kind: "run_requested" as const, id: randomUUID(), at: new Date().toISOString(), audit: null, run: toJournalRun(promotionRunRow()) }], result: "requested" };
        }).catch(() => "refused"),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "requested")).toHaveLength(1);
    const seen = await instances[1]!.read();
    expect(seen.map((entry) => entry.seq)).toEqual([1]);

    // A failed replay keeps the entries; a successful one empties the journal for everyone.
    await expect(instances[0]!.drain(() => Promise.reject(new Error("primary still down")))).rejects.toThrow("primary still down");
    expect(await instances[1]!.read()).toHaveLength(1);
    let replayed = 0;
    expect(await instances[0]!.drain(async (entries) => void (replayed = entries.length))).toBe(1);
    expect(replayed).toBe(1);
    expect(await instances[1]!.read()).toEqual([]);
  });
});

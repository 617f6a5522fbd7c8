import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, test } from "vitest";
import { OVERRIDE_CHANNEL } from "@/lib/emergency/override-bus";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { deployMigrations } from "@/scripts/migrate";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

// Two app processes, a primary + streaming replica and a Redis of this test's own. The other
// process checks its replicas only every 10 minutes here, so it can learn of a promotion in time
// only from the Redis announcement.
let cluster: EmbeddedCluster;
let ownRedis: OwnRedis;
let follower: ChildProcess | undefined;
let dataDir: string;

type FollowerMessage = { type: "ready" } | { type: "primary-changed"; url: string; at: number };

function startFollower(env: Record<string, string>): Promise<{ child: ChildProcess; messages: FollowerMessage[] }> {
  const child = fork(path.resolve("tests/support/promotion-follower.ts"), [], { execArgv: ["--import", "tsx"], env: { ...process.env, ...env }, stdio: "inherit" });
  const messages: FollowerMessage[] = [];
  child.on("message", (message) => messages.push(message as FollowerMessage));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the follower process did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the follower process exited with ${code}`)));
    child.on("message", (message) => {
      if ((message as FollowerMessage).type !== "ready") return;
      clearTimeout(timer);
      resolve({ child, messages });
    });
  });
}

async function subscribers(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    const [, count] = (await client.pubsub("NUMSUB", OVERRIDE_CHANNEL)) as [string, number];
    return Number(count);
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "promotion-broadcast-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  await deployMigrations(cluster.primaryUrl);
  await cluster.waitForReplicaReplay();
  ownRedis = await startOwnRedis();
  Object.assign(process.env, {
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URLS: cluster.replicaUrl,
    REDIS_URL: ownRedis.url,
    DB_REPLICA_HEALTH_INTERVAL_MS: "600000",
    BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
  });
}, 180_000);

afterAll(async () => {
  follower?.kill("SIGKILL");
  const { db } = await import("@/lib/db/client");
  const { redis } = await import("@/lib/redis/client");
  await db().close().catch(() => {});
  redis()?.disconnect();
  await ownRedis?.kill();
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("another app process moves its writes to the promoted replica when Redis announces the promotion", async () => {
  const started = await startFollower({});
  follower = started.child;
  const { db } = await import("@/lib/db/client");
  const { replicaPromotionProcedure } = await import("@/lib/emergency/procedures/replica-promotion");
  await db().primary.$queryRaw`select 1`;
  // Both processes listen on the channel before anything is announced.
  await expect.poll(() => subscribers(ownRedis.url), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

  await cluster.stopPrimary();
  const promotionStartedAt = Date.now();
  await replicaPromotionProcedure.run(
    {},
    {
      runId: randomUUID(),
      actor: { userId: "sre-1", email: "sre@agency.test" },
      approver: { userId: "admin-1", email: "admin@agency.test" },
      requestId: randomUUID(),
      signal: new AbortController().signal,
      progress: async () => {},
    },
  );
  const promotionEndedAt = Date.now();
  expect(db().primaryUrl()).toBe(cluster.replicaUrl);

  await expect.poll(() => started.messages.find((message) => message.type === "primary-changed"), { timeout: 5_000, interval: 20 }).toMatchObject({ url: cluster.replicaUrl });
  const moved = started.messages.find((message) => message.type === "primary-changed") as { at: number };
  // The announcement goes out before the procedure records its drill, so the move can come first.
  console.log(`the other process moved its writes ${moved.at - promotionStartedAt} ms after the promotion began (the run took ${promotionEndedAt - promotionStartedAt} ms)`);
}, 120_000);

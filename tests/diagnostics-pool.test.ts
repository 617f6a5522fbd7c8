import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import type { PoolEvidence } from "@/lib/diagnostics/pool/detect";
import { DiagnosticsSampler } from "@/lib/diagnostics/sampler";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

const POOL_MAX = 3;
const INTERVAL_MS = 1_000;

let scratch: ScratchDatabase;
let database: Database;
let sampler: DiagnosticsSampler;

beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "diagpool");
  database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: scratch.url, DATABASE_REPLICA_URLS: [], DB_WRITE_POOL_MIN: 0, DB_WRITE_POOL_MAX: POOL_MAX, DB_ACQUIRE_TIMEOUT_MS: 30_000 });
  sampler = new DiagnosticsSampler({ databaseUrl: scratch.url, intervalMs: INTERVAL_MS });
  await sampler.tick();
  sampler.start();
});

afterAll(async () => {
  await sampler?.stop();
  await database?.close();
  await scratch?.drop();
});

describe("pool exhaustion detector on a real pool", () => {
  test("goes critical within one sample interval of the pool running out, and back to ok after release", async () => {
    expect(sampler.report()!.pool.state).toBe("ok");
    const pool = database.targets.primary.pool;
    const held: pg.PoolClient[] = await Promise.all(Array.from({ length: POOL_MAX }, () => pool.connect()));
    await held[0]!.query("begin");
    await held[0]!.query("select 1");
    const waiter = pool.connect();

    const exhaustedAt = Date.now();
    await expect.poll(() => sampler.report()!.pool.state, { timeout: INTERVAL_MS + 500, interval: 50 }).toBe("critical");
    expect(Date.now() - exhaustedAt).toBeLessThanOrEqual(INTERVAL_MS + 500);

    const evidence = sampler.report()!.pool.evidence;
    const write = evidence.pools.find((entry) => entry.pool === "write" && entry.target === "primary")!;
    expect(write).toMatchObject({ inUse: POOL_MAX, max: POOL_MAX, waiting: 1, utilization: 1 });
    expect(write.waitingSinceMs).not.toBeNull();
    expect(sampler.report()!.pool.reasons.join("\n")).toContain(`all ${POOL_MAX} connections in use and 1 waiting`);
    // pg_stat_activity: our sessions by application and state, the open transaction among them.
    expect(evidence.server!.groups).toEqual(expect.arrayContaining([expect.objectContaining({ applicationName: "agency-toolkit" })]));
    expect(evidence.server!.idleInTransaction.map((session) => session.applicationName)).toContain("agency-toolkit");
    expect(evidence.server!.maxConnections).toBeGreaterThan(0);

    await held[0]!.query("rollback");
    for (const client of held) client.release();
    (await waiter).release();

    await expect.poll(() => sampler.report()!.pool.state, { timeout: 3 * INTERVAL_MS, interval: 50 }).toBe("ok");
    const incident = sampler.report()!.pool.history[0]!;
    expect(incident.worstState).toBe("critical");
    expect(incident.endedAt).not.toBeNull();
    expect((incident.frozen.evidence as PoolEvidence).pools.some((entry) => entry.waiting === 1)).toBe(true);
  });

  test("counts acquire timeouts from db_pool_acquire_seconds{outcome=\"failed\"} as critical", async () => {
    const quick = createDatabase({ ...defaultDbSettings(), DATABASE_URL: scratch.url, DATABASE_REPLICA_URLS: [], DB_WRITE_POOL_MIN: 0, DB_WRITE_POOL_MAX: 1, DB_ACQUIRE_TIMEOUT_MS: 200 });
    try {
      const pool = quick.targets.primary.pool;
      const held = await pool.connect();
      await sampler.tick();
      await expect(pool.connect()).rejects.toThrow(/no write database connection free/);
      await sampler.tick();
      const report = sampler.report()!.pool;
      expect(report.state).toBe("critical");
      expect(report.reasons.join("\n")).toMatch(/1 acquire timeouts/);
      held.release();
    } finally {
      await quick.close();
    }
  });

  test("counts the server refusing a connection (SQLSTATE 53300) as critical", async () => {
    // A role limited to one connection: the second is refused with 53300, as a full server does.
    const role = `limited_${Date.now()}`;
    await scratch.prisma.$executeRawUnsafe(`create role ${role} login password 'limited' connection limit 1`);
    const limitedUrl = new URL(scratch.url);
    limitedUrl.username = role;
    limitedUrl.password = "limited";
    const limited = createDatabase({ ...defaultDbSettings(), DATABASE_URL: limitedUrl.toString(), DATABASE_REPLICA_URLS: [], DB_WRITE_POOL_MIN: 0, DB_WRITE_POOL_MAX: 2 });
    try {
      const pool = limited.targets.primary.pool;
      const held = await pool.connect();
      await sampler.tick();
      await expect(pool.connect()).rejects.toMatchObject({ code: "53300" });
      await sampler.tick();
      const report = sampler.report()!.pool;
      expect(report.state).toBe("critical");
      expect(report.reasons.join("\n")).toMatch(/too many connections|53300/i);
      held.release();
    } finally {
      await limited.close();
      await scratch.prisma.$executeRawUnsafe(`drop role if exists ${role}`);
    }
  });
});

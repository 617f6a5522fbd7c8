import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { areHeapSnapshotsEnabled, listHeapSnapshots, takeHeapSnapshot } from "@/lib/diagnostics/heap-snapshots";
import { parseEnv } from "@/lib/env";
import { TooManyRequestsError } from "@/lib/http/errors";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/*
 * POST /api/v1/ops/diagnostics/heap-snapshots and the download beside it. A snapshot holds every
 * secret of the process and freezes it while written: platform admins only, one at a time across
 * the cluster, one per 10 minutes, in an owner-only folder, at most 3 kept, none older than an hour.
 *
 * The audit log is append-only and spaces snapshots by its newest entry, so exactly one test takes
 * a snapshot on the real clock (the HTTP one, first among the takers); the others call the service
 * with a clock hours ahead and a small stand-in writer, which keeps the file fast too.
 */

const SNAPSHOTS = "/api/v1/ops/diagnostics/heap-snapshots";
const HOUR_MS = 3_600_000;

let api: InProcessApp;
let prisma: PrismaClient;
let primary: PrismaClient;
let root: string;
let dir: string;
let admin: { id: string; email: string };

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "heap-snapshot-test-"));
  dir = path.join(root, ".data", "heap-snapshots");
  api = await startInProcessApp("heap_snapshots", { HEAP_SNAPSHOT_DIR: dir });
  prisma = api.scratch.prisma;
  primary = (await import("@/lib/db/client")).db().primary;
  admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@agency.test" }, select: { id: true, email: true } });
});
afterAll(async () => {
  await api?.close();
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function call(email: string, method: "GET" | "POST", url = SNAPSHOTS): Promise<Response> {
  return api.app.request(url, { method, headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN } });
}

/** The service as the route calls it, for the admin, at `now`. */
function takeAs(now: Date, writeSnapshot: (file: string) => void | Promise<void> = (file) => fs.writeFileSync(file, '{"snapshot":{}}')) {
  return takeHeapSnapshot({ requestId: crypto.randomUUID(), viewer: { user: admin }, db: { primary } }, { now, writeSnapshot });
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe("heap snapshots", () => {
  test("a tenant admin cannot take a snapshot", async () => {
    // A tenant admin holds no platform role; a platform sre holds the wrong one.
    for (const email of ["lead@copperleaf.test", "sre@agency.test"]) {
      expect((await call(email, "POST")).status).toBe(403);
      expect((await call(email, "GET")).status).toBe(403);
      expect((await call(email, "GET", `${SNAPSHOTS}/heap-1-2.heapsnapshot`)).status).toBe(403);
    }
    expect(fs.existsSync(dir)).toBe(false);
    expect(await prisma.auditEntry.count({ where: { action: "heap_snapshot.take" } })).toBe(0);
  });

  test("heap snapshots are off in production unless HEAP_SNAPSHOTS_ENABLED=true", () => {
    const required = { DATABASE_URL: "postgres://localhost/agency", BETTER_AUTH_SECRET: "x".repeat(32), METRICS_TOKEN: "m".repeat(16), APP_URL: "https://agency.example", WORKFLOW_SECRETS_KEY: "ab".repeat(32) };
    const cases: [Record<string, string>, boolean][] = [
      [{ NODE_ENV: "production" }, false],
      [{ NODE_ENV: "production", HEAP_SNAPSHOTS_ENABLED: "false" }, false],
      [{ NODE_ENV: "production", HEAP_SNAPSHOTS_ENABLED: "true" }, true],
      [{ NODE_ENV: "development" }, true],
      [{ NODE_ENV: "test" }, true],
      [{ NODE_ENV: "development", HEAP_SNAPSHOTS_ENABLED: "false" }, false],
    ];
    for (const [vars, enabled] of cases) expect([vars, areHeapSnapshotsEnabled(parseEnv({ ...required, ...vars }))]).toEqual([vars, enabled]);
    expect(() => parseEnv({ ...required, HEAP_SNAPSHOTS_ENABLED: "yes" })).toThrow(/HEAP_SNAPSHOTS_ENABLED/);
  });

  test("a second snapshot within 10 minutes is refused with 429 and Retry-After", async () => {
    const first = await call("admin@agency.test", "POST");
    expect(first.status).toBe(201);
    const info = (await first.json()) as { id: string; pid: number; sizeBytes: number };
    expect(info.pid).toBe(process.pid);
    expect(info.sizeBytes).toBeGreaterThan(1_000_000);
    expect(modeOf(path.join(dir, info.id))).toBe(0o600);

    const second = await call("admin@agency.test", "POST");
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(540);
    expect(Number(second.headers.get("retry-after"))).toBeLessThanOrEqual(600);
    const problem = (await second.json()) as { code: string; detail: string; requestId: string };
    expect(problem).toMatchObject({ code: "too_many_requests", detail: expect.stringMatching(/one per 10 minutes/) });
    expect(await prisma.auditEntry.count({ where: { action: "heap_snapshot.take", requestId: problem.requestId } })).toBe(0);

    // The first one is still listed and downloads as V8's snapshot JSON.
    const list = (await (await call("admin@agency.test", "GET")).json()) as { snapshots: { id: string }[] };
    expect(list.snapshots.map((snapshot) => snapshot.id)).toEqual([info.id]);
    const download = await call("admin@agency.test", "GET", `${SNAPSHOTS}/${info.id}`);
    expect(download.status).toBe(200);
    const reader = download.body!.getReader();
    const head = new TextDecoder().decode((await reader.read()).value).slice(0, 12);
    await reader.cancel();
    expect(head).toBe('{"snapshot":');
  });

  test("a snapshot is refused with 429 while another instance is writing one", async () => {
    // Another process holding the cluster-wide lock, as an instance does while V8 writes.
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`select pg_advisory_xact_lock(hashtext('heap_snapshot.take'))::text`;
      const refusal = await takeAs(new Date(Date.now() + HOUR_MS)).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TooManyRequestsError);
      expect((refusal as Error).message).toMatch(/being written/);
    });
    expect(fs.existsSync(dir)).toBe(false);
  });

  test("the audit entry is written before the snapshot is taken", async () => {
    let seenWhileWriting: unknown = "not written";
    const info = await takeAs(new Date(Date.now() + 2 * HOUR_MS), async (file) => {
      // Another client sees only committed rows: the entry must be there before the heap is written.
      seenWhileWriting = await prisma.auditEntry.findFirst({
        where: { target: `heap_snapshot:${path.basename(file)}` },
        select: { actorEmail: true, tenantId: true, action: true },
      });
      fs.writeFileSync(file, "{}");
    });
    expect(seenWhileWriting).toEqual({ actorEmail: admin.email, tenantId: null, action: "heap_snapshot.take" });
    expect(fs.existsSync(path.join(dir, info.id))).toBe(true);
  });

  test("snapshots are written to a 0700 folder under .data and at most 3 kept", async () => {
    expect(parseEnv({ DATABASE_URL: "postgres://localhost/agency", BETTER_AUTH_SECRET: "x".repeat(32) }).HEAP_SNAPSHOT_DIR).toBe(".data/heap-snapshots");
    // A folder left readable by an older version is tightened.
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);

    const start = Date.now() + 3 * HOUR_MS;
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await takeAs(new Date(start + i * 11 * 60_000)));

    expect(modeOf(dir)).toBe(0o700);
    const kept = fs.readdirSync(dir).sort();
    expect(kept).toEqual(taken.slice(1).map((info) => info.id).sort());
    for (const id of kept) expect(modeOf(path.join(dir, id))).toBe(0o600);
  });

  test("snapshots older than an hour are deleted", async () => {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const now = Date.now();
    const stale = `heap-${process.pid}-${now - 61 * 60_000}.heapsnapshot`;
    const fresh = `heap-${process.pid}-${now - 59 * 60_000}.heapsnapshot`;
    for (const id of [stale, fresh]) fs.writeFileSync(path.join(dir, id), "{}", { mode: 0o600 });

    expect((await call("admin@agency.test", "GET", `${SNAPSHOTS}/${stale}`)).status).toBe(404);
    const list = (await (await call("admin@agency.test", "GET")).json()) as { snapshots: { id: string }[] };
    expect(list.snapshots.map((snapshot) => snapshot.id)).toEqual([fresh]);
    expect(fs.readdirSync(dir)).toEqual([fresh]);
    // And the hour is counted from the snapshot's time, whoever looks next.
    expect(listHeapSnapshots(dir, new Date(now + 2 * 60_000))).toEqual([]);
  });

  test("only ids of our own pattern are opened, never a path", async () => {
    expect((await call("admin@agency.test", "GET", `${SNAPSHOTS}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await call("admin@agency.test", "GET", `${SNAPSHOTS}/heap-1-2.heapsnapshot`)).status).toBe(404);
  });
});

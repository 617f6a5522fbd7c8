import { execFile } from "node:child_process";
import { singleServerAccess } from "@/lib/db/access";
import { createHmac } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { isAuditHeadSignatureValid } from "@/lib/audit/head-signature";
import type { AuditHeadOutput } from "@/lib/audit/schemas";
import { getSignedAuditHead } from "@/lib/audit/service";
import { AUDIT_VERIFY_CACHE_MS, AuditVerifier } from "@/lib/audit/verifier";
import { verifyAuditChain, verifyAuditLog } from "@/lib/audit/verify";
import { NotFoundError } from "@/lib/http/errors";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

const run = promisify(execFile);
const KEY = "audit-head-test-key-0123456789abcdef";
const HEAD_PATH = "/api/v1/ops/audit/head";
const VERIFY_PATH = "/api/v1/ops/audit/verify";

let api: InProcessApp;
let prisma: PrismaClient;

beforeAll(async () => {
  api = await startInProcessApp("audit_head", { AUDIT_HEAD_KEY: KEY });
  prisma = api.scratch.prisma;
  // A clock of our own (moving with real time) to step past the 30 s the verify result is kept.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
});
afterAll(async () => {
  vi.useRealTimers();
  await api?.close();
});

const expireVerifyCache = () => vi.setSystemTime(Date.now() + AUDIT_VERIFY_CACHE_MS);

async function call(path: string, email: string) {
  const response = await api.app.request(path, { headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function lastEntry() {
  return prisma.auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
}

/**
 * What the app role cannot do and a superuser can: switch the triggers off and rewrite the entries
 * from `fromSeq` on, recomputing every prevHash and hash, so the chain alone still links up.
 */
async function rewriteTailAsSuperuser(fromSeq: bigint): Promise<void> {
  await prisma.$transaction([
    prisma.$executeRawUnsafe("set local session_replication_role = replica"),
    prisma.$executeRawUnsafe(`
      DO $$
      DECLARE
        entry audit_entry;
        previous text;
      BEGIN
        SELECT hash INTO previous FROM audit_entry WHERE seq = ${fromSeq - 1n};
        FOR entry IN SELECT * FROM audit_entry WHERE seq >= ${fromSeq} ORDER BY seq LOOP
          entry.after := '{"rewritten": true}'::jsonb;
          entry."prevHash" := previous;
          entry.hash := audit_entry_hash(entry);
          UPDATE audit_entry SET after = entry.after, "prevHash" = entry."prevHash", hash = entry.hash WHERE id = entry.id;
          previous := entry.hash;
        END LOOP;
      END $$`),
  ]);
}

describe("GET /api/v1/ops/audit/head", () => {
  test("returns the head of the log, signed with a signature that verifies with the key, and records it as a checkpoint", async () => {
    await api.cookieFor("admin@agency.test"); // sign-ins write entries through the app
    await api.cookieFor("manager@agency.test");
    const last = await lastEntry();

    const response = await call(HEAD_PATH, "manager@agency.test");

    expect(response.status).toBe(200);
    const head = response.body as AuditHeadOutput;
    expect(head).toMatchObject({ seq: Number(last.seq), hash: last.hash, algorithm: "HMAC-SHA256", message: `agency-audit-head:v1:${last.seq}:${last.hash}` });
    expect(head.signature).toBe(createHmac("sha256", KEY).update(head.message).digest("hex"));
    expect(isAuditHeadSignatureValid(KEY, head, head.signature)).toBe(true);
    expect(isAuditHeadSignatureValid(`${KEY}-other`, head, head.signature)).toBe(false);
    expect(await prisma.auditCheckpoint.findUnique({ where: { seq: last.seq } })).toMatchObject({ hash: last.hash, signature: head.signature });
  });

  test("is 403 for a platform sre and a tenant admin, 200 for a manager and an admin", async () => {
    for (const email of ["sre@agency.test", "lead@copperleaf.test"]) expect((await call(HEAD_PATH, email)).status, email).toBe(403);
    for (const email of ["manager@agency.test", "admin@agency.test"]) expect((await call(HEAD_PATH, email)).status, email).toBe(200);
  });

  test("is 404 without AUDIT_HEAD_KEY: there is nothing to sign with", async () => {
    const db = singleServerAccess(prisma);
    await expect(getSignedAuditHead({ db }, new AuditVerifier(undefined))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("GET /api/v1/ops/audit/verify", () => {
  test("concurrent verify calls share one walk", async () => {
    await call(VERIFY_PATH, "manager@agency.test"); // signs in first, so only the walks are counted
    expireVerifyCache();
    await prisma.$queryRawUnsafe("select pg_stat_statements_reset()");

    const responses = await Promise.all(Array.from({ length: 5 }, () => call(VERIFY_PATH, "manager@agency.test")));

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(responses.map((response) => response.body.checkedAt)).size).toBe(1);
    // The chain is under 1 000 entries: one walk is one batch query.
    const walks = await prisma.$queryRaw<{ calls: number }[]>`
      select coalesce(sum(calls), 0)::int as calls from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database()) and query like '%audit_entry_hash(entry)%'`;
    expect(walks).toEqual([{ calls: 1 }]);
    // Within 30 s the result is reused without another walk.
    expect((await call(VERIFY_PATH, "manager@agency.test")).body.checkedAt).toBe(responses[0]!.body.checkedAt);
  });

  test("a tail rewritten by a superuser fails verification", async () => {
    expireVerifyCache();
    const signed = (await call(HEAD_PATH, "manager@agency.test")).body as AuditHeadOutput;
    expect(await prisma.auditCheckpoint.findUnique({ where: { seq: BigInt(signed.seq) } })).not.toBeNull();
    await call(HEAD_PATH, "sre@agency.test"); // a refusal: one more entry after the checkpoint
    const headBefore = await lastEntry();

    await rewriteTailAsSuperuser(BigInt(signed.seq - 1));

    // The chain alone still links up: every hash was recomputed.
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, broken: null, head: { seq: Number(headBefore.seq) } });
    // Held to the signed checkpoint, it does not.
    const result = await verifyAuditLog(prisma, { headKey: KEY });
    expect(result).toMatchObject({ ok: false, head: null, broken: null, checkpoints: { failed: { seq: signed.seq, check: "hash", expected: signed.hash } } });
    expect(result.checkpoints.failed!.stored).not.toBe(signed.hash);

    const cli = await run("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: api.scratch.url, AUDIT_HEAD_KEY: KEY } }).catch((error: { code: number; stdout: string }) => error);
    expect(cli).toMatchObject({ code: 1 });
    expect(cli.stdout).toMatch(new RegExp(`^broken at the signed checkpoint of seq ${signed.seq}: the chain's entry there no longer has the signed hash`));

    expireVerifyCache();
    const verify = await call(VERIFY_PATH, "manager@agency.test");
    expect(verify.body).toMatchObject({ ok: false, checkpoints: { failed: { seq: signed.seq, check: "hash" } } });
    expect((await call(HEAD_PATH, "manager@agency.test")).status).toBe(409);
  });

  test("removing the checkpoints along with the rewrite is still caught by the app, which remembers its newest one", async () => {
    await prisma.$transaction([prisma.$executeRawUnsafe("set local session_replication_role = replica"), prisma.$executeRawUnsafe("delete from audit_checkpoint")]);
    expect(await verifyAuditLog(prisma, { headKey: KEY })).toMatchObject({ ok: true }); // the database alone cannot tell

    expireVerifyCache();
    const verify = await call(VERIFY_PATH, "manager@agency.test");

    expect(verify.body).toMatchObject({ ok: false, checkpoints: { checked: 0, failed: { check: "hash" } } });
  });
});

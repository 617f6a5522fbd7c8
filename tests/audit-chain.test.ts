import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { recordAudit, verifyAuditChain } from "@/lib/audit";
import type { AuditEntryInput } from "@/lib/audit";
import { MIGRATIONS_DIR } from "@/scripts/migrator/project-files";
import { withDatabaseName } from "@/scripts/migrator/migration-adapter";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

const run = promisify(execFile);
const CHAIN_MIGRATION = "audit_chain_and_checklists";

const entry = (index: number): AuditEntryInput => ({
  actorUserId: `user-${index}`,
  actorEmail: `person${index}@agency.test`,
  tenantId: null,
  action: "test.append",
  target: `thing:${index}`,
  before: index % 2 === 0 ? null : { index, nested: { b: 2, a: [1.5, "x"] } },
  after: { index, note: "ünïcödé, \"quoted\"" },
  requestId: `request-${index}`,
});

async function appendInOwnTransactions(scratch: ScratchDatabase, count: number, offset = 0): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, index) => scratch.prisma.$transaction((tx) => recordAudit(tx, entry(offset + index)))));
}

/** As the superuser: switch the append-only trigger off, run the statement, switch it back on. */
async function tamper(scratch: ScratchDatabase, statement: string): Promise<void> {
  await scratch.prisma.$transaction([
    scratch.prisma.$executeRawUnsafe("alter table audit_entry disable trigger audit_entry_append_only"),
    scratch.prisma.$executeRawUnsafe(statement),
    scratch.prisma.$executeRawUnsafe("alter table audit_entry enable trigger audit_entry_append_only"),
  ]);
}

describe("the audit hash chain", () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createMigratedDatabase(inject("databaseUrl"), "audit_chain");
  });
  afterAll(async () => scratch?.drop());

  test("50 concurrent appends in separate transactions form one gapless, linear chain that verifies", async () => {
    await appendInOwnTransactions(scratch, 50);

    const rows = await scratch.prisma.auditEntry.findMany({ orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true } });
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(rows[0]!.prevHash).toBe("0".repeat(64));
    rows.slice(1).forEach((row, index) => expect(row.prevHash).toBe(rows[index]!.hash));
    expect(new Set(rows.map((row) => row.hash)).size).toBe(50);
    expect(await verifyAuditChain(scratch.prisma, 7)).toEqual({ ok: true, entries: 50, head: { seq: 50, hash: rows[49]!.hash }, broken: null, unprotected: [] });
  });

  test("a client cannot choose seq or hashes: the database overwrites them", async () => {
    const created = await scratch.prisma.auditEntry.create({
      data: { ...entry(900), before: undefined, after: { forged: true }, seq: 1n, prevHash: "f".repeat(64), hash: "e".repeat(64) },
      select: { seq: true, prevHash: true, hash: true },
    });
    expect(created.seq).toBe(51n);
    expect(created.prevHash).not.toBe("f".repeat(64));
    expect((await verifyAuditChain(scratch.prisma)).ok).toBe(true);
  });

  test("the database refuses UPDATE, DELETE and TRUNCATE, even for the superuser", async () => {
    await expect(scratch.prisma.$executeRawUnsafe("update audit_entry set target = 'x' where seq = 3")).rejects.toThrow(/append-only: UPDATE is not allowed/);
    await expect(scratch.prisma.$executeRawUnsafe("delete from audit_entry where seq = 3")).rejects.toThrow(/append-only: DELETE is not allowed/);
    await expect(scratch.prisma.$executeRawUnsafe("truncate audit_entry")).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
    await expect(scratch.prisma.auditEntry.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await scratch.prisma.auditEntry.count()).toBe(51);
  });

  test("npm run audit:verify prints ok with the entry count and exits 0", async () => {
    const { stdout } = await run("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: scratch.url } });
    expect(stdout).toMatch(/^ok, 51 entries \(head seq 51, hash [0-9a-f]{64}\)\n$/);
  });

  test("a row altered directly is named by verify: the endpoint's function and the command", async () => {
    await tamper(scratch, `update audit_entry set after = '{"index": 7, "note": "rewritten"}' where seq = 8`);

    const result = await verifyAuditChain(scratch.prisma, 5);
    expect(result).toMatchObject({ ok: false, entries: 8, head: null, broken: { seq: 8, check: "hash" } });
    expect(result.broken!.expected).not.toBe(result.broken!.stored);

    const cli = await run("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: scratch.url } }).catch((error: { code: number; stdout: string }) => error);
    expect(cli).toMatchObject({ code: 1 });
    expect(cli.stdout).toMatch(/^broken at seq 8: hash does not match the entry's fields; expected [0-9a-f]{64}, stored [0-9a-f]{64}\n$/);
  });

  test("re-hashing the altered row moves the break to the next link; removing a row breaks the sequence", async () => {
    await tamper(scratch, `update audit_entry set hash = audit_entry_hash(audit_entry) where seq = 8`);
    expect((await verifyAuditChain(scratch.prisma)).broken).toMatchObject({ seq: 9, check: "link" });

    await tamper(scratch, "delete from audit_entry where seq = 3");
    expect((await verifyAuditChain(scratch.prisma)).broken).toMatchObject({ seq: 4, check: "sequence", expected: "3", stored: "4" });
  });

  test("a disabled protection trigger is reported", async () => {
    await scratch.prisma.$executeRawUnsafe("alter table audit_entry disable trigger audit_entry_no_truncate");
    try {
      expect((await verifyAuditChain(scratch.prisma)).unprotected).toEqual(["audit_entry_no_truncate"]);
    } finally {
      await scratch.prisma.$executeRawUnsafe("alter table audit_entry enable trigger audit_entry_no_truncate");
    }
  });
});

describe(`migration ${CHAIN_MIGRATION}`, () => {
  test("chains the entries that existed before it, oldest first, so the log verifies", async () => {
    const serverUrl = inject("databaseUrl");
    const name = `audit_backfill_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, name) });
    await client.connect();
    try {
      const migrations = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((dirent) => dirent.isDirectory()).map((dirent) => dirent.name).sort();
      const chainIndex = migrations.findIndex((migration) => migration.endsWith(CHAIN_MIGRATION));
      const apply = async (migration: string) => client.query(await readFile(path.join(MIGRATIONS_DIR, migration, "migration.sql"), "utf8"));
      for (const migration of migrations.slice(0, chainIndex)) await apply(migration);
      await client.query(`
        insert into audit_entry (id, at, "actorUserId", "actorEmail", action, target, after, "requestId") values
        (gen_random_uuid(), now() - interval '2 minutes', 'u1', 'a@agency.test', 'scaling_rule.update', 'scaling_rule:cpu-high', '{"threshold": 75.50}', 'r1'),
        (gen_random_uuid(), now() - interval '3 minutes', 'u2', 'b@agency.test', 'autoscaling_policy.update', 'autoscaling_policy:default', null, 'r2'),
        (gen_random_uuid(), now() - interval '1 minute', 'u1', 'a@agency.test', 'cache.warm_now', 'cache:all', '{"b": 1, "a": 2}', 'r3')`);
      await apply(migrations[chainIndex]!);
      await client.query(`insert into audit_entry (id, "actorUserId", "actorEmail", action, target, "requestId") values (gen_random_uuid(), 'u3', 'c@agency.test', 'after.migration', 't:1', 'r4')`);

      const { rows } = await client.query<{ seq: string; requestId: string }>(`select seq::text, "requestId" from audit_entry order by seq`);
      expect(rows).toEqual([
        { seq: "1", requestId: "r2" },
        { seq: "2", requestId: "r1" },
        { seq: "3", requestId: "r3" },
        { seq: "4", requestId: "r4" },
      ]);
      const { PrismaClient } = await import("@/generated/prisma/client");
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: withDatabaseName(serverUrl, name) }) });
      try {
        expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, entries: 4, unprotected: [] });
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await client.end();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { recordAudit, verifyAuditChain } from "../lib/audit";
import { AuditBatchWriter } from "../lib/audit/batch-writer";
import { recordAuditBatch } from "../lib/audit/repo";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import type { BenchOptions, BenchReport } from "./report";

/** Entries the verify run walks (bulk-inserted through the chaining trigger). */
const VERIFY_ENTRIES = 100_000;
/** Refused requests arriving at once, as a script probing ops routes sends them. */
const REFUSAL_FLOOD = 2_000;
/** The app's write pool size: concurrent appends beyond it only queue in the pool. */
const MAX_WRITERS = 20;

type AppendResult = { appendsPerSecond: number; p50Ms: number; p99Ms: number };

const quantile = (sorted: number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;

/** `writers` loops, each appending in its own transaction (as a request does) until the time is up. */
async function measureAppends(prisma: PrismaClient, writers: number, seconds: number, append: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0], index: number) => Promise<unknown>): Promise<AppendResult> {
  const latencies: number[] = [];
  const endAt = performance.now() + seconds * 1000;
  let counter = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < endAt) {
        const startedAt = performance.now();
        await prisma.$transaction((tx) => append(tx, counter++));
        latencies.push(performance.now() - startedAt);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { appendsPerSecond: Math.round(latencies.length / seconds), p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

const entry = (index: number) => ({ actorUserId: "bench", actorEmail: "bench@agency.test", tenantId: null, action: "bench.append", target: `bench:${index}`, before: null, after: { index, threshold: 75 }, requestId: `bench-${index}` });

/**
 * The audit chain's costs on the embedded primary: appends per second with the chain (one
 * serialised writer at a time) against the same insert into an unchained copy of the table, and
 * how fast verify walks 100 000 entries with bounded memory.
 */
export async function runAuditChainBench(options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-audit-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  const writers = Math.min(options.connections, MAX_WRITERS);
  const seconds = Math.min(options.durationSeconds, 10);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: cluster.primaryUrl, max: writers }) });
  try {
    await deployMigrations(cluster.primaryUrl);
    await prisma.$executeRawUnsafe(`create table audit_unchained (like audit_entry including defaults)`);
    const chained = await measureAppends(prisma, writers, seconds, (tx, index) => recordAudit(tx, entry(index)));
    const unchained = await measureAppends(prisma, writers, seconds, (tx, index) =>
      tx.$executeRaw`insert into audit_unchained (id, "actorUserId", "actorEmail", action, target, after, "requestId", seq, "prevHash", hash) values (gen_random_uuid(), 'bench', 'bench@agency.test', 'bench.append', ${`bench:${index}`}, ${JSON.stringify({ index, threshold: 75 })}::jsonb, ${`bench-${index}`}, ${index}, '', '')`,
    );

    let statements = 0;
    const writer = new AuditBatchWriter({
      write: async (entries) => {
        statements += 1;
        await recordAuditBatch(prisma, entries);
      },
      onError: (error) => {
        throw error;
      },
      maxBatch: 200,
      maxPending: REFUSAL_FLOOD,
      droppedEntry: (count) => ({ ...entry(-1), action: "bench.dropped", after: { count } }),
    });
    const floodStartedAt = performance.now();
    await Promise.all(Array.from({ length: REFUSAL_FLOOD }, (_, index) => writer.record({ ...entry(index), action: "authz.denied" })));
    const flood = { refusals: REFUSAL_FLOOD, ms: Math.round(performance.now() - floodStartedAt), statements };

    const existing = await prisma.auditEntry.count();
    await prisma.$executeRawUnsafe(`
      insert into audit_entry (id, "actorUserId", "actorEmail", action, target, after, "requestId")
      select gen_random_uuid(), 'bench', 'bench@agency.test', 'bench.bulk', 'bench:' || g, jsonb_build_object('index', g, 'note', repeat('x', 64)), 'bulk-' || g
      from generate_series(1, ${Math.max(0, VERIFY_ENTRIES - existing)}) g`);
    const heapBefore = process.memoryUsage().heapUsed;
    const startedAt = performance.now();
    const verification = await verifyAuditChain(prisma);
    const verifyMs = performance.now() - startedAt;
    const heapGrowthMb = Math.round(((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20) * 10) / 10;
    if (!verification.ok) throw new Error(`the benchmark's chain does not verify: ${JSON.stringify(verification.broken)}`);

    const data = { writers, seconds, chained, unchained, flood, verify: { entries: verification.entries, ms: Math.round(verifyMs), entriesPerSecond: Math.round(verification.entries / (verifyMs / 1000)), heapGrowthMb } };
    const markdown = [
      `### audit-chain (${writers} concurrent writers, ${seconds} s each, embedded PostgreSQL, ${os.availableParallelism()} cores)`,
      "",
      "| append | appends/s | p50 | p99 |",
      "|---|---:|---:|---:|",
      `| chained (trigger, serialised) | ${chained.appendsPerSecond} | ${chained.p50Ms} ms | ${chained.p99Ms} ms |`,
      `| same insert, no chain | ${unchained.appendsPerSecond} | ${unchained.p50Ms} ms | ${unchained.p99Ms} ms |`,
      "",
      `refusal flood: ${flood.refusals} refusals recorded through the batch writer in ${flood.ms} ms, ${flood.statements} statements (one connection)`,
      "",
      `verify: ${verification.entries} entries in ${data.verify.ms} ms (${data.verify.entriesPerSecond} entries/s), heap growth ${heapGrowthMb} MB`,
    ].join("\n");
    return { name: "audit-chain", markdown, data };
  } finally {
    await prisma.$disconnect();
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

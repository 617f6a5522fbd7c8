import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import type { SynchronousCommit } from "../scripts/embedded-cluster/synchronous-config";
import type { BenchOptions, BenchReport } from "./report";

const INSERTS = 2_000;
const WRITERS = 4;
const WARM_UP_INSERTS = 200;
const MODES: { label: string; synchronousCommit: SynchronousCommit | undefined }[] = [
  { label: "asynchronous", synchronousCommit: undefined },
  { label: "synchronous (on)", synchronousCommit: "on" },
  { label: "synchronous (remote_apply)", synchronousCommit: "remote_apply" },
];

type ModeResult = { mode: string; p50Ms: number; p99Ms: number; opsPerSecond: number };

/**
 * What synchronous replication costs a write: single-row inserts (autocommit) from 4 concurrent
 * writers on an embedded primary + replica with fsync on, asynchronous vs synchronous_commit on
 * (the replica has flushed the commit) vs remote_apply (it has replayed it).
 */
export async function runSyncCommitBench(_options: BenchOptions): Promise<BenchReport> {
  const results: ModeResult[] = [];
  for (const mode of MODES) results.push(await measureMode(mode.label, mode.synchronousCommit));
  const base = results[0]!;
  const markdown = [
    `## Commit latency: asynchronous vs synchronous replication (${INSERTS.toLocaleString("en")} single-row inserts, ${WRITERS} writers, fsync on, ${os.cpus().length} cores)`,
    "",
    "| mode | p50 ms | p99 ms | inserts/s | p50 vs async |",
    "|---|---:|---:|---:|---:|",
    ...results.map((result) => `| ${result.mode} | ${result.p50Ms} | ${result.p99Ms} | ${result.opsPerSecond} | ×${(result.p50Ms / base.p50Ms).toFixed(2)} |`),
  ].join("\n");
  return { name: "sync-commit", markdown, data: { inserts: INSERTS, writers: WRITERS, results } };
}

async function measureMode(label: string, synchronousCommit: SynchronousCommit | undefined): Promise<ModeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-sync-"));
  // persistent: true keeps fsync on, so the cost of waiting for the replica's flush is real.
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: true, synchronousCommit, log: () => {} });
  const clients: pg.Client[] = [];
  try {
    for (let index = 0; index < WRITERS; index++) {
      const client = new pg.Client({ connectionString: cluster.primaryUrl });
      await client.connect();
      clients.push(client);
    }
    await clients[0]!.query("create table bench_sync_write (id bigserial primary key, writer int not null, payload text not null)");
    await runWriters(clients, WARM_UP_INSERTS);
    const startedAt = performance.now();
    const samples = await runWriters(clients, INSERTS);
    const seconds = (performance.now() - startedAt) / 1000;
    samples.sort((a, b) => a - b);
    const at = (quantile: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))]! * 100) / 100;
    return { mode: label, p50Ms: at(0.5), p99Ms: at(0.99), opsPerSecond: Math.round(INSERTS / seconds) };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `total` inserts shared among the writers, each writer one insert at a time; returns each insert's latency in ms. */
async function runWriters(clients: pg.Client[], total: number): Promise<number[]> {
  const samples: number[] = [];
  let issued = 0;
  await Promise.all(
    clients.map(async (client, writer) => {
      while (issued < total) {
        issued += 1;
        const startedAt = performance.now();
        await client.query("insert into bench_sync_write (writer, payload) values ($1, $2)", [writer, "x".repeat(100)]);
        samples.push(performance.now() - startedAt);
      }
    }),
  );
  return samples;
}

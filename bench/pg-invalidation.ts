import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { cacheKeys, cacheTags, createCache, pgSignalServer, PgSignalChannel, type Cache } from "../lib/cache";
import { defaultDbSettings } from "../lib/db/config";
import { createDatabase, type Database } from "../lib/db/client";
import { templateChangeTargets } from "../lib/templates/invalidation";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import type { BenchOptions, BenchReport } from "./report";

const RENAMES = 200;
const WARM_UP_RENAMES = 20;
const SEEN_TIMEOUT_MS = 5_000;

type Instance = { cache: Cache; channel: PgSignalChannel; database: Database };
type Sample = { seenMs: number; invalidateMs: number };

/**
 * Cross-instance invalidation delay without Redis: instance A renames a template (the row update,
 * then the same key and category-tag invalidations the template service sends) and instance B,
 * which holds the old name in L1, is polled until it serves the new one. Delay = from the rename's
 * start to B serving the new name. Both instances live in this process, each with its own write
 * pool and LISTEN connection on an embedded primary, so every message goes through PostgreSQL.
 */
export async function runPgInvalidationBench(_options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-pg-invalidation-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false, log: () => {} });
  const instances: Instance[] = [];
  try {
    await deployMigrations(cluster.primaryUrl);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: cluster.primaryUrl }) });
    const tenant = await prisma.tenant.create({ data: { slug: "bench-pg-invalidation", name: "Bench" }, select: { id: true } });
    const category = await prisma.templateCategory.create({ data: { tenantId: tenant.id, slug: "seo", name: "SEO" }, select: { id: true, slug: true } });
    const template = await prisma.template.create({ data: { tenantId: tenant.id, categoryId: category.id, name: "rename-0" }, select: { id: true } });
    await prisma.$disconnect();
    for (const instanceId of ["a", "b"]) instances.push(await startInstance(cluster.primaryUrl, instanceId));
    const [a, b] = instances as [Instance, Instance];
    const key = cacheKeys.template(tenant.id, template.id);
    const readName = (instance: Instance) =>
      instance.cache.getOrLoad(key, async () => (await instance.database.primary.template.findUnique({ where: { id: template.id }, select: { name: true } }))?.name, {
        tags: [cacheTags.templates(tenant.id)],
      });
    const rename = async (name: string): Promise<Sample> => {
      await Promise.all([readName(a), readName(b)]); // both hold the old name in L1
      const startedAt = performance.now();
      await a.database.primary.template.update({ where: { id: template.id }, data: { name } });
      const targets = templateChangeTargets(tenant.id, template.id, [category.slug]);
      await Promise.all([a.cache.invalidateKey(targets.key), ...targets.tags.map((tag) => a.cache.invalidateTag(tag))]);
      const invalidateMs = performance.now() - startedAt;
      while ((await readName(b)) !== name) {
        if (performance.now() - startedAt > SEEN_TIMEOUT_MS) throw new Error(`instance b did not see rename ${name} within ${SEEN_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { seenMs: performance.now() - startedAt, invalidateMs };
    };
    for (let index = 1; index <= WARM_UP_RENAMES; index++) await rename(`warm-up-${index}`);
    const measuredFromMs = Date.now();
    const samples: Sample[] = [];
    for (let index = 1; index <= RENAMES; index++) samples.push(await rename(`rename-${index}`));
    const deliveries = b.cache.describeInvalidations(measuredFromMs - 1)?.deliveries ?? [];
    return report(samples, deliveries.map((delivery) => delivery.lagMs));
  } finally {
    for (const instance of instances) {
      await instance.cache.close();
      await instance.channel.close();
      await instance.database.close();
    }
    await cluster.stop();
  }
}

async function startInstance(url: string, instanceId: string): Promise<Instance> {
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: url, DATABASE_REPLICA_URLS: [], DB_WRITE_POOL_MIN: 0 });
  const channel = new PgSignalChannel({ server: pgSignalServer(database) });
  const cache = createCache({ instanceId, signals: channel });
  const startedAt = performance.now();
  while (!channel.isListening()) {
    if (performance.now() - startedAt > SEEN_TIMEOUT_MS) throw new Error(`instance ${instanceId} is not listening`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { cache, channel, database };
}

function report(samples: Sample[], deliveryLagsMs: number[]): BenchReport {
  const quantiles = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const at = (quantile: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]! * 100) / 100;
    return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
  };
  const seen = quantiles(samples.map((sample) => sample.seenMs));
  const invalidate = quantiles(samples.map((sample) => sample.invalidateMs));
  const delivery = quantiles(deliveryLagsMs);
  const markdown = [
    `## Cross-instance invalidation without Redis (PostgreSQL LISTEN/NOTIFY, ${RENAMES} template renames, ${os.cpus().length} cores)`,
    "",
    "| measured from the rename's start | p50 ms | p99 ms | max ms |",
    "|---|---:|---:|---:|",
    `| row updated and invalidations sent on A | ${invalidate.p50Ms} | ${invalidate.p99Ms} | ${invalidate.maxMs} |`,
    `| B serves the new name | ${seen.p50Ms} | ${seen.p99Ms} | ${seen.maxMs} |`,
    "",
    `Each message (${deliveryLagsMs.length}: a key and two category tags per rename), publish → applied on B, whole milliseconds: p50 ${delivery.p50Ms}, p99 ${delivery.p99Ms}, max ${delivery.maxMs}.`,
  ].join("\n");
  return { name: "pg-invalidation", markdown, data: { renames: RENAMES, seen, invalidate, delivery } };
}

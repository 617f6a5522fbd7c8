import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

export type DbTarget = { name: string; url: string; pool: pg.Pool };

/**
 * Pools we own (so later work can observe and size them) with Prisma on top through the pg
 * adapter. Writes and read-your-writes use `primary`; plain reads may use `read`.
 */
export function createDatabase(config: { DATABASE_URL: string; DATABASE_REPLICA_URLS: string[] }) {
  const makePool = (url: string, max: number) =>
    new pg.Pool({
      connectionString: url,
      max,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      application_name: "agency-toolkit",
    });
  const primaryTarget: DbTarget = { name: "primary", url: config.DATABASE_URL, pool: makePool(config.DATABASE_URL, 20) };
  const replicaTargets: DbTarget[] = config.DATABASE_REPLICA_URLS.map((url, index) => ({
    name: `replica${index + 1}`,
    url,
    pool: makePool(url, 15),
  }));
  for (const target of [primaryTarget, ...replicaTargets]) {
    // An idle client losing its server (restart, failover) must not crash the process.
    target.pool.on("error", () => {});
  }
  const primary = new PrismaClient({ adapter: new PrismaPg(primaryTarget.pool) });
  const replicas = replicaTargets.map((target) => new PrismaClient({ adapter: new PrismaPg(target.pool) }));
  return {
    primary,
    /** First replica for now; lag-aware routing across replicas comes with the data-layer work. */
    read: replicas[0] ?? primary,
    targets: { primary: primaryTarget, replicas: replicaTargets },
    async close() {
      await Promise.all([primary.$disconnect(), ...replicas.map((client) => client.$disconnect())]);
      await Promise.all([primaryTarget.pool.end(), ...replicaTargets.map((target) => target.pool.end())]);
    },
  };
}

export type Database = ReturnType<typeof createDatabase>;

export function db(): Database {
  return processSingleton("database", () => createDatabase(env()));
}

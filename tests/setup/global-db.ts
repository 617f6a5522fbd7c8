import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findFreePort, startEmbeddedCluster } from "@/scripts/embedded-cluster";
import { deployMigrations } from "@/scripts/migrate";

/**
 * Global setup of the "integration" project: one throw-away primary + streaming replica for the
 * whole run, migrated, on free ports in a temp dir that the teardown deletes.
 */
export default async function setupIntegrationDatabase(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-test-db-"));
  const primaryPort = await findFreePort();
  const replicaPort = await findFreePort();
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort, replicaPort, persistent: false });
  try {
    await deployMigrations(cluster.primaryUrl);
    // Tests that read from the replica right away should find the migrated schema there.
    await cluster.waitForReplicaReplay();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  project.provide("databaseUrl", cluster.primaryUrl);
  project.provide("replicaUrl", cluster.replicaUrl);
  project.provide("externalDatabaseUrl", process.env.TEST_EXTERNAL_DATABASE_URL ?? "");
  project.provide("externalRedisUrl", process.env.TEST_EXTERNAL_REDIS_URL ?? "");
  return () => cluster.stop();
}

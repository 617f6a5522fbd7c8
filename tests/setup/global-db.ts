import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { DEFAULT_ROLE_NAMES } from "@/lib/db/roles";
import { findFreePort, startEmbeddedCluster } from "@/scripts/embedded-cluster";
import { setUpDatabaseRoles } from "@/scripts/embedded-cluster/database-roles";
import { deployMigrations } from "@/scripts/migrate";

/**
 * Global setup of the "integration" project: one throw-away primary + streaming replica for the
 * whole run, migrated, on free ports in a temp dir that the teardown deletes. Like `npm start`, it
 * has an owner role (migrations) and an app role (what the in-process app connects with), so a
 * missing grant fails the tests; tests that need the superuser use `databaseUrl`.
 */
export default async function setupIntegrationDatabase(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-test-db-"));
  const primaryPort = await findFreePort();
  const replicaPort = await findFreePort();
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort, replicaPort, persistent: false });
  const roles = {
    owner: { name: DEFAULT_ROLE_NAMES.owner, password: randomBytes(16).toString("hex") },
    app: { name: DEFAULT_ROLE_NAMES.app, password: randomBytes(16).toString("hex") },
  };
  try {
    const urls = await setUpDatabaseRoles(cluster, roles);
    await deployMigrations(urls.ownerUrl, { appRole: roles.app.name });
    // Tests that read from the replica right away should find the migrated schema there.
    await cluster.waitForReplicaReplay();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  project.provide("databaseUrl", cluster.primaryUrl);
  project.provide("replicaUrl", cluster.replicaUrl);
  project.provide("databaseRoles", roles);
  project.provide("externalDatabaseUrl", process.env.TEST_EXTERNAL_DATABASE_URL ?? "");
  project.provide("externalRedisUrl", process.env.TEST_EXTERNAL_REDIS_URL ?? "");
  return () => cluster.stop();
}

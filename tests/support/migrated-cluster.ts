import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { deployMigrations } from "@/scripts/migrate";

/**
 * A primary + streaming replica of the test's own (in a fresh temp dir, on free ports), migrated,
 * with `prepare` run on the primary and replayed on the replica; this process's app settings
 * point at it. For tests that stop, kill or promote servers. The caller stops it and removes `dataDir`.
 */
export async function startMigratedCluster(prefix: string, prepare: (primaryUrl: string) => Promise<unknown> = async () => {}): Promise<{ cluster: EmbeddedCluster; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  await deployMigrations(cluster.primaryUrl);
  await prepare(cluster.primaryUrl);
  await cluster.waitForReplicaReplay();
  Object.assign(process.env, { DATABASE_URL: cluster.primaryUrl, BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef", LOG_LEVEL: "silent" });
  delete process.env.REDIS_URL;
  return { cluster, dataDir };
}

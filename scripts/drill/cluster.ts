import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";
import { DEFAULT_ROLE_NAMES } from "../../lib/db/roles";
import { seedDatabase } from "../../prisma/seed/seed";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "../embedded-cluster";
import { setUpDatabaseRoles } from "../embedded-cluster/database-roles";
import { deployMigrations } from "../migrate";

export type DrillMode = "async" | "sync";

export type DrillDatabase = {
  cluster: EmbeddedCluster;
  dataDir: string;
  mode: DrillMode;
  /** What the app connects with (the app role), as under `npm start`. */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
};

/**
 * A throw-away primary + streaming replica on free ports in a temp dir, set up as `npm start`
 * does (owner and app roles, migrations, demo seed); `sync` names the replica as the primary's
 * synchronous standby.
 */
export async function startDrillDatabase(mode: DrillMode): Promise<DrillDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `failover-drill-${mode}-`));
  const cluster = await startEmbeddedCluster({
    dataDir,
    primaryPort: await findFreePort(),
    replicaPort: await findFreePort(),
    persistent: false,
    log: () => {},
    ...(mode === "sync" ? { synchronousCommit: "on" as const } : {}),
  });
  try {
    const roles = {
      owner: { name: DEFAULT_ROLE_NAMES.owner, password: randomBytes(16).toString("hex") },
      app: { name: DEFAULT_ROLE_NAMES.app, password: randomBytes(16).toString("hex") },
    };
    const urls = await setUpDatabaseRoles(cluster, roles);
    await deployMigrations(urls.ownerUrl, { appRole: roles.app.name });
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: urls.appUrl }) });
    try {
      await seedDatabase(prisma);
    } finally {
      await prisma.$disconnect();
    }
    await cluster.waitForReplicaReplay();
    return {
      cluster,
      dataDir,
      mode,
      appEnv: {
        DATABASE_URL: urls.appUrl,
        DATABASE_REPLICA_URLS: urls.appReplicaUrl,
        DB_SYNCHRONOUS_REPLICA: mode === "sync" ? "true" : "false",
        BREAK_GLASS_DIR: path.join(dataDir, "break-glass"),
      },
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

import pg from "pg";
import { ensureClusterRoles, prepareDatabaseForRoles, withLogin, type DatabaseRoles } from "../../lib/db/roles";

export type RoleUrls = {
  /** The owner role on the primary: migrations and the app role's rights (deployMigrations). */
  ownerUrl: string;
  /** The app role on the primary: the app's DATABASE_URL. */
  appUrl: string;
  /** The app role on the replica: the app's DATABASE_REPLICA_URLS (roles replicate with the WAL). */
  appReplicaUrl: string;
};

/**
 * As the bootstrap superuser: creates (or updates) the owner and app roles and hands the app's
 * database to the owner (README "Database roles"). Run before the migrations, which then run as
 * the owner and end by granting the app role its rights.
 */
export async function setUpDatabaseRoles(cluster: { primaryUrl: string; replicaUrl: string }, roles: DatabaseRoles): Promise<RoleUrls> {
  const client = new pg.Client({ connectionString: cluster.primaryUrl });
  await client.connect();
  try {
    await ensureClusterRoles(client, roles);
    await prepareDatabaseForRoles(client, roles);
    // The synchronous-mode keeper (lib/db/synchronous-mode.ts) degrades and restores as the app role.
    await client.query(`grant alter system on parameter synchronous_standby_names to ${client.escapeIdentifier(roles.app.name)}`);
  } finally {
    await client.end();
  }
  return {
    ownerUrl: withLogin(cluster.primaryUrl, roles.owner),
    appUrl: withLogin(cluster.primaryUrl, roles.app),
    appReplicaUrl: withLogin(cluster.replicaUrl, roles.app),
  };
}

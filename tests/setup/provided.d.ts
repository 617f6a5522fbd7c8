// What tests/setup/global-db.ts hands to the integration tests: `inject("databaseUrl")`.
import type { DatabaseRoles } from "@/lib/db/roles";

export {};

declare module "vitest" {
  interface ProvidedContext {
    /** The throw-away embedded primary, migrated: `postgresql://postgres:postgres@127.0.0.1:<port>/agency` */
    databaseUrl: string;
    /** Its streaming hot-standby replica (read-only, slightly behind the primary). */
    replicaUrl: string;
    /**
     * The owner and app roles on the embedded cluster (README "Database roles"): the migrations
     * run as the owner, the in-process app connects as the app role.
     */
    databaseRoles: DatabaseRoles;
    /** The machine's PostgreSQL when TEST_EXTERNAL_DATABASE_URL is set (tests create their own databases there), else "". */
    externalDatabaseUrl: string;
    /** The machine's Redis when TEST_EXTERNAL_REDIS_URL is set, else "". Never flushed by tests. */
    externalRedisUrl: string;
  }
}

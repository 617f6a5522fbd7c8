// What tests/setup/global-db.ts hands to the integration tests: `inject("databaseUrl")`.
export {};

declare module "vitest" {
  interface ProvidedContext {
    /** The throw-away embedded primary, migrated: `postgresql://postgres:postgres@127.0.0.1:<port>/agency` */
    databaseUrl: string;
    /** Its streaming hot-standby replica (read-only, slightly behind the primary). */
    replicaUrl: string;
  }
}

import type { Database } from "@/lib/db/client";
import type { DatabaseStatusOutput } from "./database-status-schema";

/** The database as this instance finds it, for the signed-in shell's read-only banner. */
export function describeDatabaseStatus(database: Pick<Database, "primaryReachable">): DatabaseStatusOutput {
  return { primaryReachable: database.primaryReachable() };
}

import type { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { db } from "./client";
import { wroteRecently } from "./read-your-writes";

/** The database as one request sees it. */
export type DbAccess = {
  primary: PrismaClient;
  read<T>(query: (client: PrismaClient) => Promise<T>): Promise<T>;
  /** The primary when it answers, else a replica (what must be fresh yet readable during a failover). */
  readFresh<T>(query: (client: PrismaClient) => Promise<T>): Promise<T>;
  /** False while this instance finds the primary unreachable: writes would fail. */
  primaryReachable(): boolean;
};

/** Binds the read-your-writes decision for a request (or a page render) from its cookies. */
export function dbAccessFor(cookieHeader: string | null): DbAccess {
  const database = db();
  const recentWrite = wroteRecently(cookieHeader, env().DB_READ_YOUR_WRITES_SECONDS, Date.now());
  return { primary: database.primary, read: (query) => database.read(query, { recentWrite }), readFresh: database.readFresh, primaryReachable: database.primaryReachable };
}

/** Every read and write on one client (scripts, benchmarks, tests on a single server). */
export function singleServerAccess(client: PrismaClient): DbAccess {
  return { primary: client, read: (query) => query(client), readFresh: (query) => query(client), primaryReachable: () => true };
}

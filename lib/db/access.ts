import type { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { db } from "./client";
import { wroteRecently } from "./read-your-writes";

/** The database as one request sees it. */
export type DbAccess = {
  primary: PrismaClient;
  read<T>(query: (client: PrismaClient) => Promise<T>): Promise<T>;
};

/** Binds the read-your-writes decision for a request (or a page render) from its cookies. */
export function dbAccessFor(cookieHeader: string | null): DbAccess {
  const database = db();
  const recentWrite = wroteRecently(cookieHeader, env().DB_READ_YOUR_WRITES_SECONDS, Date.now());
  return { primary: database.primary, read: (query) => database.read(query, { recentWrite }) };
}

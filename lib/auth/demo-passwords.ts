import { PrismaPg } from "@prisma/adapter-pg";
import { verifyPassword } from "better-auth/crypto";
import { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit/repo";
import { deleteUsers, listPasswordHashesByEmail, listUsersByPasswordHash } from "@/lib/auth/repo";
import { isConnectionError } from "@/lib/db/errors";
import type { Env } from "@/lib/env";
import { DEMO_PASSWORD, DEMO_USERS } from "@/prisma/seed/demo-data";

type DemoPasswordAccount = { id: string; email: string };

/**
 * Accounts that still sign in with the public demo password. Verifying it against every account
 * would cost a scrypt (tens of ms) per user on every start, so only the demo e-mails' stored
 * hashes are verified, each distinct one once (a seed run writes one hash for all the accounts
 * it creates, so this is usually one scrypt); then every account storing a hash that verified
 * is named, whatever its e-mail. A password someone chose is never guessed at.
 */
export async function findDemoPasswordAccounts(client: PrismaClient): Promise<DemoPasswordAccount[]> {
  const hashes = new Set(await listPasswordHashesByEmail(client, DEMO_USERS.map((user) => user.email)));
  const demoHashes: string[] = [];
  for (const hash of hashes) {
    // A hash in another format is not the seed's, nor better-auth's.
    if (await verifyPassword({ hash, password: DEMO_PASSWORD }).catch(() => false)) demoHashes.push(hash);
  }
  return listUsersByPasswordHash(client, demoHashes);
}

/** Deletes those accounts (sessions, memberships and platform roles go with them), each audited. */
export async function deleteDemoPasswordAccounts(client: PrismaClient, actor: { email: string; requestId: string }): Promise<DemoPasswordAccount[]> {
  const accounts = await findDemoPasswordAccounts(client);
  if (accounts.length === 0) return [];
  await client.$transaction(async (tx) => {
    await deleteUsers(tx, accounts.map((account) => account.id));
    for (const account of accounts) {
      await recordAudit(tx, {
        actorUserId: "cli",
        actorEmail: actor.email,
        tenantId: null,
        action: "user.delete",
        target: `user:${account.id}`,
        before: { email: account.email, reason: "public demo password" },
        after: null,
        requestId: actor.requestId,
      });
    }
  });
  return accounts;
}

function describeDemoPasswordRefusal(accounts: DemoPasswordAccount[]): string {
  return [
    "Refusing to start with NODE_ENV=production: these accounts still have the public demo password, so anyone can sign in as them:",
    ...accounts.map((account) => `  - ${account.email}`),
    "Delete them with `npm run demo-accounts -- delete` (same DATABASE_URL; audited), after granting a platform admin of your own",
    "with `npm run platform-role -- grant <email> admin` if one of them is your only admin; or sign in as each outside production",
    "and change its password (POST /api/auth/change-password). A demo without real users may keep them with DEMO_MODE=true",
    "(what `npm start` sets on its embedded database and with --demo).",
  ].join("\n");
}

type DatabaseUrls = Pick<Env, "DATABASE_URL" | "DATABASE_REPLICA_URLS">;

/** Runs `work` on the primary, or on a replica while the primary cannot be reached; one connection, closed after. */
async function onAnyDatabase<T>(config: DatabaseUrls, work: (client: PrismaClient) => Promise<T>): Promise<T> {
  const urls = [config.DATABASE_URL, ...config.DATABASE_REPLICA_URLS];
  for (const [index, url] of urls.entries()) {
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });
    try {
      return await work(client);
    } catch (error) {
      if (!isConnectionError(error) || index === urls.length - 1) throw error;
    } finally {
      await client.$disconnect();
    }
  }
  throw new Error("no database URL to check");
}

/**
 * The start-up check: in production, unless DEMO_MODE, the refusal naming every account that
 * still has the public demo password, or null. A database that cannot be read fails the start
 * (thrown): without the check nobody knows whether the demo accounts are open.
 */
export async function checkDemoPasswords(config: DatabaseUrls & Pick<Env, "NODE_ENV" | "DEMO_MODE">): Promise<string | null> {
  if (config.NODE_ENV !== "production" || config.DEMO_MODE) return null;
  const accounts = await onAnyDatabase(config, findDemoPasswordAccounts);
  return accounts.length === 0 ? null : describeDemoPasswordRefusal(accounts);
}

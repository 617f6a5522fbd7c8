import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { prepareDatabaseForRoles, withLogin } from "@/lib/db/roles";
import { deployMigrations } from "@/scripts/migrate";
import { withDatabaseName } from "@/scripts/migrator/migration-adapter";

/** The servers a test runs against: the embedded primary, and the machine's PostgreSQL when given. */
export function testServers(): { name: string; url: string }[] {
  const external = inject("externalDatabaseUrl");
  return [{ name: "embedded PostgreSQL", url: inject("databaseUrl") }, ...(external ? [{ name: "external PostgreSQL", url: external }] : [])];
}

export type ScratchDatabase = {
  /** What the code under test connects with: the app role's URL for `asAppRole`, else the superuser's. */
  url: string;
  /** The superuser's URL, for fixtures that need it (tampering with the audit log, say). */
  superuserUrl: string;
  /** A client as the superuser, for fixtures. */
  prisma: PrismaClient;
  drop(): Promise<void>;
};

export type ScratchOptions = {
  /**
   * As `npm start` sets it up (embedded server only): the database belongs to the owner role,
   * which runs the migrations and grants the app role its rights, and `url` is the app role's.
   */
  asAppRole?: boolean;
};

/** A fresh, migrated database of the test's own on `serverUrl`; drop() removes it. */
export async function createMigratedDatabase(serverUrl: string, prefix = "it", options: ScratchOptions = {}): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const superuserUrl = withDatabaseName(serverUrl, name);
  let url = superuserUrl;
  if (options.asAppRole) {
    const roles = inject("databaseRoles");
    await onServer(superuserUrl, (client) => prepareDatabaseForRoles(client, roles));
    await deployMigrations(withLogin(superuserUrl, roles.owner), { appRole: roles.app.name });
    url = withLogin(superuserUrl, roles.app);
  } else {
    await deployMigrations(superuserUrl);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: superuserUrl }) });
  return {
    url,
    superuserUrl,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A tenant of the test's own, so tests never see each other's rows. */
export async function createTenant(prisma: PrismaClient, label: string): Promise<string> {
  const slug = `${label}-${randomBytes(4).toString("hex")}`;
  const tenant = await prisma.tenant.create({ data: { slug, name: `Test ${slug}` }, select: { id: true } });
  return tenant.id;
}

import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { deleteDemoPasswordAccounts, findDemoPasswordAccounts } from "../lib/auth/demo-passwords";

// `DATABASE_URL=… npm run --silent demo-accounts -- <command>`: the accounts that still have the
// public demo password, which a production start refuses (README "Production checks").
//   list      name them
//   delete    delete them with their sessions, memberships and platform roles (audited)

const USAGE = "usage: demo-accounts list | delete";

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail("set DATABASE_URL to the primary, e.g. DATABASE_URL=postgresql://agency_app:…@db:5432/agency npm run --silent demo-accounts -- list");
const [command] = process.argv.slice(2);
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });

try {
  if (command === "list") {
    const accounts = await findDemoPasswordAccounts(prisma);
    process.stdout.write(accounts.length === 0 ? "no account has the demo password\n" : `${accounts.map((account) => account.email).join("\n")}\n`);
  } else if (command === "delete") {
    const deleted = await deleteDemoPasswordAccounts(prisma, { email: `cli:${process.env.USER ?? "operator"}`, requestId: randomUUID() });
    process.stdout.write(deleted.length === 0 ? "no account has the demo password\n" : `deleted ${deleted.map((account) => account.email).join(", ")}\n`);
  } else {
    fail(USAGE);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
} finally {
  await prisma.$disconnect();
}

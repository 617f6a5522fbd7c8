import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { changePlatformRole, listPlatformRoleHolders } from "../lib/auth/platform-roles";
import { PLATFORM_ROLES, type PlatformRole } from "../lib/auth/roles";

// `DATABASE_URL=… npm run --silent platform-role -- <command>`: who operates the platform.
//   list                    everyone with a platform role
//   grant <email> <role>    give an existing account viewer, sre, manager or admin
//   revoke <email>          take the platform role away
// For the first platform admin of a new installation; after that, platform admins use
// PUT /api/v1/ops/platform-roles. Every change is an audit entry whose actor is this command.

const USAGE = "usage: platform-role list | grant <email> <viewer|sre|manager|admin> | revoke <email>";

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail("set DATABASE_URL to the primary, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:25432/agency npm run --silent platform-role -- list");
const [command, email, role] = process.argv.slice(2);
const actor = { userId: "cli", email: `cli:${process.env.USER ?? "operator"}`, requestId: randomUUID() };
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });

try {
  if (command === "list") {
    const holders = await listPlatformRoleHolders(prisma);
    process.stdout.write(holders.length === 0 ? "no one holds a platform role\n" : `${holders.map((holder) => `${holder.role.padEnd(8)} ${holder.email}`).join("\n")}\n`);
  } else if (command === "grant" && email && role) {
    if (!(PLATFORM_ROLES as readonly string[]).includes(role)) fail(`unknown platform role "${role}"; ${USAGE}`);
    await changePlatformRole(prisma, email, role as PlatformRole, actor);
    process.stdout.write(`${email} is now platform ${role} (it counts within 30 s on running instances)\n`);
  } else if (command === "revoke" && email) {
    await changePlatformRole(prisma, email, null, actor);
    process.stdout.write(`${email} holds no platform role now\n`);
  } else {
    fail(USAGE);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
} finally {
  await prisma.$disconnect();
}

import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { createPasswordAccount } from "../lib/auth/password-accounts";
import { AppError } from "../lib/http/errors";

// `DATABASE_URL=… npm run --silent account -- create <email> "<name>"`: an account that signs in
// with a password, where sign-up is off — the first operator of an installation on its own
// database. The password is read from standard input (asked for, not echoed, on a terminal).
// Then `npm run platform-role -- grant <email> admin` makes it the first platform admin.

const USAGE = 'usage: account create <email> "<name>"   (the password is read from standard input)';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The first line of standard input; on a terminal, asked for without echoing what is typed. */
async function readPassword(): Promise<string> {
  const onTerminal = process.stdin.isTTY === true;
  if (onTerminal) process.stderr.write("Password (at least 12 characters, not shown): ");
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: onTerminal ? silent : undefined, terminal: onTerminal });
  try {
    for await (const line of lines) return line;
    return "";
  } finally {
    lines.close();
    if (onTerminal) process.stderr.write("\n");
  }
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail('set DATABASE_URL to the primary, e.g. DATABASE_URL=postgresql://agency_app@db.internal/agency npm run --silent account -- create ops@example.com "Ops Lead"');
const [command, email, name] = process.argv.slice(2);
if (command !== "create" || !email || name === undefined) fail(USAGE);

const actor = { userId: "cli", email: `cli:${process.env.USER ?? "operator"}`, requestId: randomUUID() };
const password = await readPassword();
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });
try {
  const created = await createPasswordAccount(prisma, { email, name, password }, actor);
  process.stdout.write(`${created.email} can sign in now; to make it the first platform admin: npm run platform-role -- grant ${created.email} admin\n`);
} catch (error) {
  // Bad input (or an e-mail taken already) is the operator's to fix: exit 2; anything else: 1.
  const badInput = error instanceof AppError && error.status < 500;
  fail(error instanceof Error ? error.message : String(error), badInput ? 2 : 1);
} finally {
  await prisma.$disconnect();
}

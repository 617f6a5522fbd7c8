import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { describeVerification, verifyAuditChain } from "../lib/audit/verify";

// `DATABASE_URL=… npm run --silent audit:verify [-- --json]`: walks the audit log's hash chain
// and prints "ok, N entries" or the first broken link. Exit code 0 when the chain is intact and
// its protection triggers are in place, 1 otherwise, 2 on a usage or connection problem.

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write("set DATABASE_URL to the primary, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:25432/agency npm run --silent audit:verify\n");
  process.exit(2);
}

const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });
try {
  const result = await verifyAuditChain(prisma);
  process.stdout.write(process.argv.includes("--json") ? `${JSON.stringify(result)}\n` : `${describeVerification(result).join("\n")}\n`);
  process.exitCode = result.ok && result.unprotected.length === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(`could not verify the audit log: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await prisma.$disconnect();
}

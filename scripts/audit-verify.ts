import { existsSync, readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { describeVerification, verifyAuditLog } from "../lib/audit/verify";

// `DATABASE_URL=… npm run --silent audit:verify [-- --json]`: walks the audit log's hash chain,
// holds it to the signed checkpoints, and prints "ok, N entries" or the first break. The key
// comes from AUDIT_HEAD_KEY, else from .data/audit-head-key (what `npm start` generates); without
// one the checkpoints' hashes are still compared, their signatures are not. Exit code 0 when the
// log verifies, its protection triggers are in place and every checkpoint's signature was
// checked, 1 otherwise, 2 on a usage or connection problem.

const EMBEDDED_KEY_FILE = ".data/audit-head-key";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write("set DATABASE_URL to the primary, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:25432/agency npm run --silent audit:verify\n");
  process.exit(2);
}

function readHeadKey(): string | undefined {
  if (process.env.AUDIT_HEAD_KEY) return process.env.AUDIT_HEAD_KEY;
  return existsSync(EMBEDDED_KEY_FILE) ? readFileSync(EMBEDDED_KEY_FILE, "utf8").trim() : undefined;
}

const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });
try {
  const result = await verifyAuditLog(prisma, { headKey: readHeadKey() });
  process.stdout.write(process.argv.includes("--json") ? `${JSON.stringify(result)}\n` : `${describeVerification(result).join("\n")}\n`);
  const isUnchecked = result.checkpoints.checked > 0 && !result.checkpoints.signaturesChecked;
  process.exitCode = result.ok && result.unprotected.length === 0 && !isUnchecked ? 0 : 1;
} catch (error) {
  process.stderr.write(`could not verify the audit log: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await prisma.$disconnect();
}

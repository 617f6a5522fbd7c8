import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { sealStoredWorkflowSecrets } from "../lib/workflows/seal-stored-secrets";
import { workflowSecretsKey } from "../lib/workflows/secret-crypto";

// `DATABASE_URL=… WORKFLOW_SECRETS_KEY=… npx tsx scripts/seal-workflow-secrets.ts`: encrypts the
// secret headers that workflows saved before encryption still hold in plaintext (README
// "Workflow egress"). Safe to run again: sealed values are left as they are.

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write("set DATABASE_URL to the primary (and WORKFLOW_SECRETS_KEY to the app's key)\n");
  process.exit(2);
}
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });
try {
  const sealed = await sealStoredWorkflowSecrets(prisma, workflowSecretsKey(), { email: `cli:${process.env.USER ?? "operator"}`, requestId: randomUUID() });
  process.stdout.write(`sealed the secret headers of ${sealed} workflow${sealed === 1 ? "" : "s"}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}

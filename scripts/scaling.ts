import { runScalingCli } from "../lib/scaling/cli/run-cli";

// `npm run --silent scaling -- alerts evaluate|hpa evaluate`: JSON array in on stdin, JSON array
// out on stdout. All the logic is in runScalingCli; this file only moves bytes and sets the exit code.

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

const result = runScalingCli(process.argv.slice(2), await readStdin());
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run";

/** Everything the production build is made from; a change to any of these means a rebuild. */
const BUILD_INPUTS = ["app", "components", "lib", "generated", "prisma/seed", "server.ts", "instrumentation-client.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = ".next/agency-build-stamp";

function* filesUnder(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path).sort()) yield* filesUnder(join(path, entry));
}

/** Content hash, not mtimes: a fresh clone has new mtimes but the same build. */
export function hashBuildInputs(root: string): string {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    for (const file of filesUnder(join(root, input))) {
      hash.update(file).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export async function generatePrismaClient(root: string): Promise<void> {
  await run("npx", ["prisma", "generate"], { cwd: root, env: { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" }, quiet: true });
}

/** Builds the Next app and bundles server.ts into dist/server.js. */
export async function build(root: string): Promise<void> {
  await generatePrismaClient(root);
  // Leftover dev types under .next break `next build` after a route is removed.
  await run("rm", ["-rf", join(root, ".next")], { cwd: root });
  await run("npx", ["next", "build"], { cwd: root, env: { NEXT_TELEMETRY_DISABLED: "1" } });
  await run(
    "npx",
    ["esbuild", "server.ts", "--bundle", "--platform=node", "--format=esm", "--target=node20", "--packages=external", "--outfile=dist/server.js", "--log-level=warning"],
    { cwd: root },
  );
  writeFileSync(join(root, STAMP), hashBuildInputs(root));
}

/** Rebuilds only when the sources changed since the last build: a warm start skips it. */
export async function buildIfChanged(root: string): Promise<boolean> {
  if (!existsSync(join(root, "generated/prisma/client.ts"))) await generatePrismaClient(root);
  const stampPath = join(root, STAMP);
  const current = hashBuildInputs(root);
  if (existsSync(stampPath) && existsSync(join(root, "dist/server.js")) && readFileSync(stampPath, "utf8") === current) return false;
  await build(root);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await build(process.cwd());
}

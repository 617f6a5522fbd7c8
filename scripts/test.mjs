// `npm test`: the whole suite — lint, typecheck, unit, integration, production build, end-to-end —
// closing with one line `N passed, N failed` that counts every test that ran. Plain JavaScript:
// it runs before dependencies are installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { ensureDependencies } from "./bootstrap.mjs";
import { ensureSystemPackages } from "./system-packages.mjs";

ensureDependencies();
ensureSystemPackages();

// Tests start their own databases. The machine's services, when given, become extra targets for
// the integration tests (which create and drop their own databases there) instead of the app's.
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
for (const name of ["DATABASE_URL", "REDIS_URL"]) {
  if (childEnv[name]) childEnv[`TEST_EXTERNAL_${name}`] = childEnv[name];
  delete childEnv[name];
}
delete childEnv.DATABASE_REPLICA_URLS;

const RESULTS = ".test-results";
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const totals = { passed: 0, failed: 0 };
const summary = [];

function run(command, args) {
  process.stdout.write(`\n▶ ${command} ${args.join(" ")}\n`);
  return spawnSync(command, args, { stdio: "inherit", env: childEnv }).status === 0;
}

function record(step, passed, failed) {
  totals.passed += passed;
  totals.failed += failed;
  summary.push(`${step.padEnd(12)} ${passed} passed, ${failed} failed`);
}

/** A check without test cases of its own (lint, typecheck, build) counts as one test. */
function check(step, command, args) {
  const ok = run(command, args);
  record(step, ok ? 1 : 0, ok ? 0 : 1);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

// The generated Prisma client is not committed; typecheck and tests import it.
childEnv.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/true";
check("generate", "npx", ["prisma", "generate"]);
check("lint", "npx", ["eslint", "--max-warnings", "0", "."]);
check("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]);

const vitestOk = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${RESULTS}/vitest.json`]);
const vitest = readJson(`${RESULTS}/vitest.json`);
if (vitest) {
  // A file that fails to load runs no test; count it as one failure so it cannot hide.
  const brokenFiles = vitest.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
  const unexplained = vitestOk || vitest.numFailedTests + brokenFiles > 0 ? 0 : 1;
  record("vitest", vitest.numPassedTests, vitest.numFailedTests + brokenFiles + unexplained);
} else {
  record("vitest", 0, 1);
}

if (check("build", "npx", ["tsx", "scripts/build.ts"])) {
  run("npx", ["playwright", "test"]);
  const playwright = readJson(`${RESULTS}/playwright.json`);
  if (playwright) record("e2e", playwright.stats.expected + playwright.stats.flaky, playwright.stats.unexpected);
  else record("e2e", 0, 1);
} else {
  record("e2e", 0, 1);
}

process.stdout.write(`\n${summary.join("\n")}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(totals.failed === 0 && existsSync(RESULTS) ? 0 : 1);

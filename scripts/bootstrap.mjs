import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const installed = "node_modules/.package-lock.json";
  const upToDate = existsSync(installed) && statSync(installed).mtimeMs >= statSync("package-lock.json").mtimeMs;
  if (upToDate) return;
  process.stdout.write("installing dependencies (npm ci)…\n");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Runs a TypeScript entry point and mirrors its exit code. Ctrl-C reaches the child directly
 * (same process group), so this process only waits for it to finish shutting down.
 */
export function runTsx(entry, args) {
  const child = spawn("node_modules/.bin/tsx", [entry, ...args], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

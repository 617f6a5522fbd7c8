import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";

// End to end through a real process: argv, stdin, stdout, stderr and the exit code.
const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const SPAWN_TIMEOUT_MS = 60_000;

function spawnScaling(command: string, args: string[], stdin: string) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, input: stdin, encoding: "utf8", timeout: SPAWN_TIMEOUT_MS });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/scaling.ts", { timeout: SPAWN_TIMEOUT_MS }, () => {
  test("alerts evaluate reads cases on stdin and writes states on stdout", () => {
    const input = [{ forSeconds: 0, keepFiringForSeconds: 0, op: ">=", threshold: 1, evalTimes: [0, 60], series: [{ t: 0, value: 1 }, { t: 60, value: 0 }] }];
    const result = spawnScaling("npx", ["tsx", "scripts/scaling.ts", "alerts", "evaluate"], JSON.stringify(input));
    expect(result).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: '[[{"t":0,"state":"firing","activeAt":0},{"t":60,"state":"inactive","activeAt":0,"resolvedAt":60}]]\n',
    });
  });

  test("hpa evaluate runs through `npm run --silent scaling`", () => {
    const input = [{ kind: "ratio", currentReplicas: 2, tolerance: 0.1, metric: { type: "Value", target: 100, value: 300 } }];
    const result = spawnScaling("npm", ["run", "--silent", "scaling", "--", "hpa", "evaluate"], JSON.stringify(input));
    expect(result).toEqual({ exitCode: 0, stderr: "", stdout: '[{"desiredReplicas":6}]\n' });
  });

  test("invalid input exits 2 and names the input index and field on stderr", () => {
    const result = spawnScaling("npx", ["tsx", "scripts/scaling.ts", "hpa", "evaluate"], '[{"kind":"ratio","currentReplicas":-1}]');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("scaling hpa evaluate: invalid input[0].currentReplicas:");
  });
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RULE_FILE_NAME } from "@/lib/alerting/rule-export";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// The export is held to Prometheus's own tools: promtool accepts the rule file, and the generated
// unit tests (the built-in evaluator's answers) pass when Prometheus evaluates the same rules.

const run = promisify(execFile);
let api: InProcessApp;
let dir: string;

beforeAll(async () => {
  api = await startInProcessApp("rules_export");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-rules-export-"));
}, 180_000);

afterAll(async () => {
  await api?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, url: string, email: string, body?: unknown) {
  return api.app.request(`/api${url}`, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function download(format: string, email = "viewer@agency.test"): Promise<string> {
  const response = await call("GET", `/v1/ops/rules/export?format=${format}`, email);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/yaml");
  return response.text();
}

/** promtool's exit status and output; a failing check is a result here, not an exception. */
async function promtool(...args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run("promtool", args, { cwd: dir });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const failed = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("GET /v1/ops/rules/export", () => {
  test("the live rules pass promtool check rules, and the generated tests pass promtool test rules", async () => {
    const rules = await download("prometheus");
    fs.writeFileSync(path.join(dir, RULE_FILE_NAME), rules);
    fs.writeFileSync(path.join(dir, "tests.yml"), await download("promtool-tests"));

    const check = await promtool("check", "rules", RULE_FILE_NAME);
    expect(check.output).toContain("SUCCESS: 8 rules found");
    expect(check.ok).toBe(true);
    const unit = await promtool("test", "rules", "tests.yml");
    expect(unit.output).toContain("SUCCESS");
    expect(unit.ok).toBe(true);
    // Below, at and above the threshold, for each of the four rules.
    expect(rules).toContain("expr: agency:db_pool_utilization:percent > 80");
    expect(rules).toContain("keep_firing_for: 300s");
    expect((await download("promtool-tests")).match(/- name: /g)).toHaveLength(12);
  }, 60_000);

  test("an edited rule is exported as edited; its old tests then fail, so the tests do check the rules", async () => {
    const oldTests = await download("promtool-tests");
    const edit = await call("PUT", "/v1/ops/rules/db-pool-saturated", "sre@agency.test", { threshold: 90, forSeconds: 60, keepFiringForSeconds: 0, severity: "critical", enabled: true });
    expect(edit.status).toBe(200);
    const disable = await call("PUT", "/v1/ops/rules/memory-high", "sre@agency.test", { threshold: 80, forSeconds: 300, keepFiringForSeconds: 300, severity: "warning", enabled: false });
    expect(disable.status).toBe(200);

    const rules = await download("prometheus");
    expect(rules).toContain("expr: agency:db_pool_utilization:percent > 90");
    expect(rules).not.toContain("MemoryHigh");
    fs.writeFileSync(path.join(dir, RULE_FILE_NAME), rules);
    fs.writeFileSync(path.join(dir, "new-tests.yml"), await download("promtool-tests"));
    fs.writeFileSync(path.join(dir, "old-tests.yml"), oldTests);

    expect((await promtool("test", "rules", "new-tests.yml")).ok).toBe(true);
    const stale = await promtool("test", "rules", "old-tests.yml");
    expect(stale.ok).toBe(false);
    expect(stale.output).toContain("DbPoolSaturated");
  }, 60_000);

  test("the recorded series read metrics this app exposes on /api/metrics", async () => {
    const rules = await download("prometheus");
    const exposition = await (await api.app.request("/api/metrics")).text();
    const exposed = new Set(exposition.split("\n").filter((line) => line && !line.startsWith("#")).map((line) => line.split(/[{ ]/)[0]));
    const referenced = [...rules.matchAll(/expr: (.*)/g)]
      .flatMap(([, expr]) => expr!.match(/[a-z_][a-z0-9_]*(?=[{[)])/g) ?? [])
      .filter((name) => !["max", "sum", "rate", "histogram_quantile", "by", "le", "pool", "target"].includes(name));
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of new Set(referenced)) expect({ name, exposed: exposed.has(name) }).toEqual({ name, exposed: true });
  });

  test("an unknown format is a 400 naming the field; tenant-only users are refused", async () => {
    const bad = await call("GET", "/v1/ops/rules/export?format=json", "viewer@agency.test");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("format");
    const tenantOnly = await call("GET", "/v1/ops/rules/export?format=prometheus", "member@agency.test");
    expect(tenantOnly.status).toBe(403);
  });
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AlertmanagerSender } from "@/lib/alerting/sender";
import { startOwnAlertmanager, startWebhookReceiver, type OwnAlertmanager, type WebhookReceiver } from "./support/alertmanager-server";

// The shipped deploy/alertmanager.example.yml: amtool accepts it, and run by a real Alertmanager
// (receivers pointed at a local server, waits shortened) it routes by severity and a rule's
// critical alert inhibits the same rule's warning.

const run = promisify(execFile);
const EXAMPLE = path.join(process.cwd(), "deploy/alertmanager.example.yml");
let dir: string;
let receiver: WebhookReceiver;
let alertmanager: OwnAlertmanager;

async function amtoolCheck(file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run("amtool", ["check-config", file]);
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const failed = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-am-example-"));
  receiver = await startWebhookReceiver();
  const runnable = fs
    .readFileSync(EXAMPLE, "utf8")
    .replace(/url: http:\/\/alert-receiver\.internal:9000\/\w+/g, `url: ${receiver.url}`)
    .replace(/group_wait: \w+/g, "group_wait: 100ms")
    .replace(/group_interval: \w+/g, "group_interval: 1s");
  alertmanager = await startOwnAlertmanager(runnable);
}, 30_000);

afterAll(async () => {
  await alertmanager?.stop();
  await receiver?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the example alertmanager.yml", () => {
  test("amtool check-config accepts it, and refuses a copy whose route names a missing receiver", async () => {
    const check = await amtoolCheck(EXAMPLE);
    expect(check.output).toContain("SUCCESS");
    expect(check.ok).toBe(true);
    const broken = path.join(dir, "broken.yml");
    fs.writeFileSync(broken, fs.readFileSync(EXAMPLE, "utf8").replace("receiver: ops-pager", "receiver: nobody"));
    expect((await amtoolCheck(broken)).ok).toBe(false);
  });

  test("critical goes to the pager, warning to chat, and a rule's critical inhibits the same rule's warning", async () => {
    const sender = new AlertmanagerSender({ urls: [alertmanager.url], capacity: 10, timeoutMs: 2_000 });
    const now = Date.now();
    const alert = (ruleId: string, severity: string) => ({
      labels: { alertname: "DbPoolSaturated", severity, rule_id: ruleId, instance: "ops.example.com" },
      annotations: { summary: `${ruleId} ${severity}` },
      startsAt: new Date(now - 1_000).toISOString(),
      endsAt: new Date(now + 600_000).toISOString(),
      generatorURL: "https://ops.example.com/ops/thresholds",
    });
    // The critical alert is firing first (Alertmanager inhibits by the alerts it already holds).
    sender.enqueue([alert("db-pool-saturated", "critical")]);
    await sender.idle();
    await receiver.waitFor((message) => message.receiver === "ops-pager" && message.alerts.some((a) => a.labels.rule_id === "db-pool-saturated"));
    sender.enqueue([alert("db-pool-saturated", "warning"), alert("cpu-high", "warning")]);
    await sender.idle();
    await receiver.waitFor((message) => message.receiver === "ops-chat" && message.alerts.some((a) => a.labels.rule_id === "cpu-high"));
    // Two more group intervals: an uninhibited warning would have been sent by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const chatted = receiver.messages.filter((message) => message.receiver === "ops-chat").flatMap((message) => message.alerts);
    expect(chatted.map((a) => a.labels.rule_id)).not.toContain("db-pool-saturated");

    const held = (await (await fetch(`${alertmanager.url}/api/v2/alerts?filter=severity%3D%22warning%22`)).json()) as { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[];
    const byRule = Object.fromEntries(held.map((a) => [a.labels.rule_id, a.status]));
    expect(byRule["db-pool-saturated"]).toMatchObject({ state: "suppressed" });
    expect(byRule["db-pool-saturated"]!.inhibitedBy).toHaveLength(1);
    expect(byRule["cpu-high"]).toMatchObject({ state: "active", inhibitedBy: [] });
  }, 30_000);
});

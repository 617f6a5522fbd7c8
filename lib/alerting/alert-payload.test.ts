import { describe, expect, test } from "vitest";
import { DEFAULT_THRESHOLD_RULES } from "@/lib/scaling/default-rules";
import { isStillDeliverable, toAlertmanagerAlert } from "./alert-payload";
import { isFiringAfter, probeValues } from "./rule-export";

const cpu = DEFAULT_THRESHOLD_RULES.find((rule) => rule.id === "cpu-high")!;
const ctx = { appUrl: "https://ops.example.com", nowMs: Date.parse("2026-12-01T10:00:00Z"), resendIntervalMs: 60_000, evaluationIntervalMs: 15_000 };

describe("alerts as Alertmanager receives them", () => {
  test("a firing alert is valid for four resend intervals; a resolved one ends when it resolved", () => {
    const startsAt = new Date("2026-12-01T09:50:00Z");
    const firing = toAlertmanagerAlert(cpu, { startsAt, resolvedAt: null, value: 83.4 }, ctx);
    expect(firing).toEqual({
      labels: { alertname: "CpuHigh", severity: "warning", rule_id: "cpu-high", instance: "ops.example.com" },
      annotations: expect.objectContaining({ summary: "CPU utilization > 70 %", value: "83.4 %", rule_url: "https://ops.example.com/ops/thresholds#rule-cpu-high-title" }),
      startsAt: "2026-12-01T09:50:00.000Z",
      endsAt: "2026-12-01T10:04:00.000Z",
      generatorURL: "https://ops.example.com/ops/thresholds#rule-cpu-high-title",
    });
    const resolved = toAlertmanagerAlert(cpu, { startsAt, resolvedAt: new Date("2026-12-01T09:58:00Z"), value: null }, ctx);
    expect(resolved.endsAt).toBe("2026-12-01T09:58:00.000Z");
    expect(resolved.annotations.value).toBeUndefined();
  });

  test("resolved alerts are sent again for 15 minutes, pending ones never", () => {
    const now = ctx.nowMs;
    expect(isStillDeliverable("firing", null, now)).toBe(true);
    expect(isStillDeliverable("pending", null, now)).toBe(false);
    expect(isStillDeliverable("inactive", new Date(now - 15 * 60_000), now)).toBe(true);
    expect(isStillDeliverable("inactive", new Date(now - 15 * 60_000 - 1), now)).toBe(false);
  });
});

describe("the promtool test expectations", () => {
  test("probe values straddle the threshold; only a breach held for `for` fires", () => {
    expect(probeValues(cpu).map((probe) => probe.value)).toEqual([69.3, 70, 70.7]);
    expect(isFiringAfter(cpu, 70.7, 585, 15)).toBe(false);
    expect(isFiringAfter(cpu, 70.7, 600, 15)).toBe(true);
    expect(isFiringAfter(cpu, 70, 615, 15)).toBe(false);
    expect(isFiringAfter({ ...cpu, comparator: ">=" }, 70, 615, 15)).toBe(true);
  });
});

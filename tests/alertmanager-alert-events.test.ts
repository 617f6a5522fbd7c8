import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { onAlertTransition, type AlertTransitionEvent } from "@/lib/alerting/alert-events";
import { writeSamples } from "@/lib/metrics/history/postgres-store";
import { RuleEvaluator, seedScalingRules } from "@/lib/scaling";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "alert_events");
});
afterAll(async () => scratch?.drop());

beforeEach(async () => {
  await scratch.prisma.$executeRaw`truncate scaling_rule, scaling_rule_alert, scaling_alert_transition, metric_sample`;
  await seedScalingRules(scratch.prisma);
});

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe("alert transition events", () => {
  test("the evaluator announces firing and resolved after committing, not pending", async () => {
    const evaluator = new RuleEvaluator(scratch.prisma, 15_000);
    const events: AlertTransitionEvent[] = [];
    const unsubscribe = onAlertTransition((event) => {
      events.push(event);
    });
    // A failing listener must not stop the others or the evaluation.
    const unsubscribeFailing = onAlertTransition(() => {
      throw new Error("listener broke");
    });
    try {
      // db-pool-saturated: > 80 % for 2 minutes, keep_firing_for 5 minutes.
      for (let seconds = 0; seconds <= 120; seconds += 15) {
        await writeSamples(scratch.prisma, at(seconds), [{ series: "db_pool_utilization", value: 0.95 }]);
        await evaluator.evaluate(at(seconds));
      }
      expect(events.map((event) => event.kind)).toEqual(["firing"]);
      for (let seconds = 135; seconds <= 435; seconds += 15) {
        await writeSamples(scratch.prisma, at(seconds), [{ series: "db_pool_utilization", value: 0.1 }]);
        await evaluator.evaluate(at(seconds));
      }
    } finally {
      unsubscribe();
      unsubscribeFailing();
    }

    expect(events).toEqual([
      { kind: "firing", ruleId: "db-pool-saturated", name: "DbPoolSaturated", severity: "critical", value: 95, comparator: ">", threshold: 80, startsAt: at(0), endsAt: null, at: at(120), rulePath: "/ops/thresholds#rule-db-pool-saturated-title" },
      { kind: "resolved", ruleId: "db-pool-saturated", name: "DbPoolSaturated", severity: "critical", value: 10, comparator: ">", threshold: 80, startsAt: at(0), endsAt: at(435), at: at(435), rulePath: "/ops/thresholds#rule-db-pool-saturated-title" },
    ]);
    // Committed before it was announced.
    expect(await scratch.prisma.scalingRuleAlert.findUniqueOrThrow({ where: { ruleId: "db-pool-saturated" } })).toMatchObject({ state: "inactive", resolvedAt: at(435) });
  });
});

import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { writeSamples } from "@/lib/metrics/history/postgres-store";
import { RuleEvaluator, seedScalingRules } from "@/lib/scaling";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "rules");
});
afterAll(async () => scratch?.drop());

// Rules are global, so each test starts from the seeded defaults with no samples or alerts.
beforeEach(async () => {
  await scratch.prisma.$executeRaw`truncate scaling_rule, scaling_rule_alert, scaling_alert_transition, metric_sample`;
  await seedScalingRules(scratch.prisma);
});

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const INTERVAL_SECONDS = 15;

/** Writes `cpu_utilization` (a ratio) at `seconds` and evaluates the rules at that time. */
async function sampleAndEvaluate(evaluator: RuleEvaluator, seconds: number, cpuRatio: number) {
  await writeSamples(scratch.prisma, at(seconds), [{ series: "cpu_utilization", value: cpuRatio }]);
  return evaluator.evaluate(at(seconds));
}

async function transitionsOf(ruleId: string) {
  const rows = await scratch.prisma.scalingAlertTransition.findMany({ where: { ruleId }, orderBy: { at: "asc" }, select: { at: true, fromState: true, toState: true, value: true } });
  return rows.map((row) => ({ atSeconds: (row.at.getTime() - T0) / 1000, from: row.fromState, to: row.toState, value: row.value }));
}

const alertOf = (ruleId: string) => scratch.prisma.scalingRuleAlert.findUniqueOrThrow({ where: { ruleId } });

describe("the threshold rule evaluator", () => {
  test("moves cpu-high inactive → pending → firing → resolved and stores one history row per change", async () => {
    const evaluator = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    // 90 % for 10 minutes (the rule's `for`), then 50 % until keep_firing_for (5 min) has passed.
    for (let seconds = 0; seconds <= 600; seconds += INTERVAL_SECONDS) await sampleAndEvaluate(evaluator, seconds, 0.9);
    expect(await alertOf("cpu-high")).toMatchObject({ state: "firing", activeAt: at(0) });
    for (let seconds = 615; seconds < 915; seconds += INTERVAL_SECONDS) await sampleAndEvaluate(evaluator, seconds, 0.5);
    expect(await alertOf("cpu-high")).toMatchObject({ state: "firing", keepFiringSince: at(615), value: 50 });

    await sampleAndEvaluate(evaluator, 915, 0.5);

    expect(await alertOf("cpu-high")).toMatchObject({ state: "inactive", activeAt: at(0), resolvedAt: at(915), evaluatedAt: at(915) });
    expect(await transitionsOf("cpu-high")).toEqual([
      { atSeconds: 0, from: "inactive", to: "pending", value: 90 },
      { atSeconds: 600, from: "pending", to: "firing", value: 90 },
      { atSeconds: 915, from: "firing", to: "inactive", value: 50 },
    ]);
    // The other rules had no samples: evaluated, never moved.
    expect(await scratch.prisma.scalingAlertTransition.count({ where: { ruleId: { not: "cpu-high" } } })).toBe(0);
    expect(await alertOf("memory-high")).toMatchObject({ state: "inactive", value: null, activeAt: null });
  });

  test("a new leader continues the stored alert: pending time and keep_firing_for carry over", async () => {
    const oldLeader = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    await sampleAndEvaluate(oldLeader, 0, 0.9);
    await sampleAndEvaluate(oldLeader, 300, 0.9);

    // A separate client and evaluator: nothing is shared with the old leader but the database.
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: scratch.url }) });
    try {
      const newLeader = new RuleEvaluator(client, INTERVAL_SECONDS * 1000);
      await sampleAndEvaluate(newLeader, 600, 0.9);
      expect(await alertOf("cpu-high")).toMatchObject({ state: "firing", activeAt: at(0) });

      await sampleAndEvaluate(newLeader, 615, 0.5);
      const thirdLeader = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
      await sampleAndEvaluate(thirdLeader, 900, 0.5);
      expect(await alertOf("cpu-high")).toMatchObject({ state: "firing", keepFiringSince: at(615) });
      await sampleAndEvaluate(thirdLeader, 915, 0.5);
    } finally {
      await client.$disconnect();
    }

    expect((await transitionsOf("cpu-high")).map(({ atSeconds, to }) => [atSeconds, to])).toEqual([
      [0, "pending"],
      [600, "firing"],
      [915, "inactive"],
    ]);
  });

  test("an evaluation no newer than the stored one is skipped, so two leaders never double-count", async () => {
    const first = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    const second = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    await sampleAndEvaluate(first, 0, 0.9);

    const [again, earlier] = [await second.evaluate(at(0)), await second.evaluate(at(-15))];

    expect(again).toEqual({ evaluated: 0, transitions: 0 });
    expect(earlier).toEqual({ evaluated: 0, transitions: 0 });
    expect(await transitionsOf("cpu-high")).toHaveLength(1);
  });

  test("a sample older than the 5-minute lookback is no value: a pending alert ends", async () => {
    const evaluator = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    await sampleAndEvaluate(evaluator, 0, 0.9);

    await evaluator.evaluate(at(299));
    expect(await alertOf("cpu-high")).toMatchObject({ state: "pending", value: 90 });
    await evaluator.evaluate(at(300));

    expect(await alertOf("cpu-high")).toMatchObject({ state: "inactive", activeAt: null, value: null });
    expect(await transitionsOf("cpu-high")).toEqual([
      { atSeconds: 0, from: "inactive", to: "pending", value: 90 },
      { atSeconds: 300, from: "pending", to: "inactive", value: null },
    ]);
  });

  test("the DB pool rule reads the largest pool's utilization", async () => {
    const evaluator = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    await writeSamples(scratch.prisma, at(0), [
      { series: "db_pool_utilization:write/primary", value: 0.3 },
      { series: "db_pool_utilization:read/replica1", value: 0.85 },
    ]);

    await evaluator.evaluate(at(0));

    expect(await alertOf("db-pool-saturated")).toMatchObject({ state: "pending", value: 85 });
  });

  test("a disabled rule drops its alert with a transition to inactive", async () => {
    await scratch.prisma.scalingRule.update({ where: { id: "cpu-high" }, data: { forSeconds: 0 } });
    const evaluator = new RuleEvaluator(scratch.prisma, INTERVAL_SECONDS * 1000);
    await sampleAndEvaluate(evaluator, 0, 0.9);
    expect(await alertOf("cpu-high")).toMatchObject({ state: "firing" });

    await scratch.prisma.scalingRule.update({ where: { id: "cpu-high" }, data: { enabled: false } });
    await sampleAndEvaluate(evaluator, 15, 0.9);

    expect(await alertOf("cpu-high")).toMatchObject({ state: "inactive", activeAt: null, value: null });
    expect((await transitionsOf("cpu-high")).map(({ from, to }) => `${from}→${to}`)).toEqual(["inactive→firing", "firing→inactive"]);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDrillApp, type DrillApp } from "@/scripts/drill/app";
import { startDrillDatabase, type DrillDatabase } from "@/scripts/drill/cluster";
import { formatDrillReport, runDrill } from "@/scripts/drill/run-drill";

// `npm run drill` on a smaller scale: a primary + replica of this test's own, the API app in
// process (the app reads its settings once per process, so this file drills asynchronous mode
// only; `npm run drill -- --mode sync` covers the synchronous one).
let database: DrillDatabase | undefined;
let app: DrillApp | undefined;

beforeAll(async () => {
  database = await startDrillDatabase("async");
  app = await startDrillApp(database, { listen: false, env: { LOG_LEVEL: "silent" } });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await database?.stop();
});

describe("failover drill: POST /api/v1/ops/emergency/replica-promotion/runs with the primary killed under load", () => {
  test("every acknowledged write lost was acknowledged after the reported bound's confirmed time; reads never fail; writes resume", async () => {
    const report = await runDrill(database!, app!, {
      loadSeconds: 4,
      stallMs: 1_500,
      writers: 2,
      readers: 1,
      writesPerSecond: 30,
      promoteTimeoutMs: 90_000,
      reactionMs: 1_500,
    });
    console.info(formatDrillReport(report));

    expect(report.promotionError).toBeNull();
    expect(report.acknowledged).toBeGreaterThan(50);
    expect(report.lost).toBeGreaterThan(0); // the stall lost writes: the bound is tested on real losses
    expect(report.lossBound?.boundSeconds).toBeGreaterThanOrEqual(1.5);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  }, 180_000);
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// GET /api/v1/ops/annotations: every source merged on one timeline, inside the window only.
let harness: InProcessApp;
const base = Date.parse("2026-03-02T10:00:00.000Z");
const at = (minutes: number) => new Date(base + minutes * 60_000);

async function get(email: string, query: string) {
  return harness.app.request(`/api/v1/ops/annotations?${query}`, { headers: { cookie: await harness.cookieFor(email), origin: TEST_ORIGIN } });
}

const window = (fromMinutes: number, toMinutes: number) => `from=${at(fromMinutes).toISOString()}&to=${at(toMinutes).toISOString()}`;

beforeAll(async () => {
  harness = await startInProcessApp("annotations");
  const { prisma } = harness.scratch;
  const tenantId = (await prisma.tenant.findFirstOrThrow({ select: { id: true } })).id;
  await prisma.procedureRun.create({
    data: {
      procedure: "scale-up",
      tenantId,
      input: { durationMinutes: 60 },
      preview: {},
      status: "succeeded",
      requestedByUserId: "u-sre",
      requestedByEmail: "sre@agency.test",
      idempotencyKey: randomUUID(),
      requestId: randomUUID(),
      createdAt: at(10),
      startedAt: at(10),
      finishedAt: new Date(at(10).getTime() + 12_000),
    },
  });
  await prisma.scalingAlertTransition.create({ data: { ruleId: "cpu-high", at: at(5), fromState: "pending", toState: "firing", value: 0.83 } });
  await prisma.scalingAlertTransition.create({ data: { ruleId: "cpu-high", at: at(-30), fromState: "inactive", toState: "pending", value: 0.75 } }); // before the window
  // The instance count as the sampler records it: 2, 2, 3 (at +11), 3, 2 (at +40).
  await prisma.metricSample.createMany({
    data: [
      { series: "instances", t: at(9), value: 2 },
      { series: "instances", t: at(10), value: 2 },
      { series: "instances", t: at(11), value: 3 },
      { series: "instances", t: at(12), value: 3 },
      { series: "instances", t: at(40), value: 2 },
    ],
  });
  await prisma.emergencyOverride.create({
    data: { kind: "min-instances", scope: "app", payload: { minReplicas: 3 }, ownerUserId: "u-sre", ownerEmail: "sre@agency.test", createdAt: at(10), expiresAt: at(70), endedAt: at(45), endedBy: "expiry", endReason: "reached its expiry time" },
  });
  await prisma.auditEntry.create({ data: { at: at(20), actorUserId: "u-sre", actorEmail: "sre@agency.test", action: "autoscaling_policy.update", target: "autoscaling_policy:default", requestId: randomUUID() } });
  await prisma.databasePromotion.create({ data: { epoch: 1, promotedName: "replica1", promotedHost: "127.0.0.1:25433", formerHost: "127.0.0.1:25432", lagBytes: 0n, lagSeconds: 0, formerFencing: "epoch", promotedAt: at(50) } });
});

afterAll(() => harness?.close());

describe("GET /api/v1/ops/annotations", () => {
  test("merges procedure runs, alert transitions, instance changes, overrides, policy changes and promotions, oldest first", async () => {
    const response = await get("sre@agency.test", window(0, 60));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { annotations: { at: string; kind: string; title: string; detail: string }[]; truncated: boolean };
    expect(body.truncated).toBe(false);
    expect(body.annotations.map(({ at: when, kind, title }) => [when, kind, title])).toEqual([
      [at(5).toISOString(), "alert", "cpu-high: pending → firing"],
      [at(10).toISOString(), "override", "minimum instances raised to 3"],
      [at(10).toISOString(), "procedure", "Immediate scale-up: succeeded"],
      [at(11).toISOString(), "scaling", "instances 2 → 3"],
      [at(20).toISOString(), "scaling", "autoscaling policy saved"],
      [at(40).toISOString(), "scaling", "instances 3 → 2"],
      [at(45).toISOString(), "override", "minimum instances raised to 3: over"],
      [at(50).toISOString(), "promotion", "replica1 promoted to primary (epoch 1)"],
    ]);
    expect(body.annotations.find((annotation) => annotation.kind === "procedure")!.detail).toBe("requested by sre@agency.test; succeeded in 12 s");
  });

  test("a narrower window keeps only what happened inside it", async () => {
    const body = (await (await get("manager@agency.test", window(11, 12))).json()) as { annotations: { title: string }[] };
    expect(body.annotations.map((annotation) => annotation.title)).toEqual(["instances 2 → 3"]);
  });

  test("a tenant member and a tenant admin are refused; bad windows are 400 with the field", async () => {
    expect((await get("member@agency.test", window(0, 60))).status).toBe(403);
    expect((await get("lead@copperleaf.test", window(0, 60))).status).toBe(403);
    const reversed = await get("sre@agency.test", window(60, 0));
    expect(reversed.status).toBe(400);
    expect(await reversed.json()).toMatchObject({ errors: [expect.objectContaining({ message: "from must be before to" })] });
    expect((await get("sre@agency.test", window(0, 8 * 24 * 60))).status).toBe(400);
    expect((await get("sre@agency.test", "from=yesterday&to=today")).status).toBe(400);
  });
});

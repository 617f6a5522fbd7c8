import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("autoscaling_pause");
});

afterAll(async () => api?.close());

async function call(method: "POST" | "DELETE", email: string, body?: unknown) {
  const response = await api.app.request("/api/v1/ops/autoscaling/pause", {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { errors?: { path: string }[] } };
}

describe("pausing the autoscaler", () => {
  let startedAt = new Date();
  beforeEach(async () => {
    startedAt = new Date();
    await api.scratch.prisma.emergencyOverride.updateMany({ where: { endedAt: null }, data: { endedAt: new Date(), endedBy: "test", endReason: "reset" } });
  });

  test("an sre pauses it with a reason and an expiry; the autoscaler sees the pause; resuming ends it; both audited", async () => {
    const { currentAutoscalingPause } = await import("@/lib/autoscaling/pause");
    const paused = await call("POST", "sre@agency.test", { minutes: 30, reason: "load test in progress" });

    expect(paused.status).toBe(201);
    expect(paused.body).toMatchObject({ owner: "sre@agency.test", reason: "load test in progress" });
    const minutesLeft = (Date.parse(String(paused.body.expiresAt)) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(29);
    expect(minutesLeft).toBeLessThanOrEqual(30);
    expect(await currentAutoscalingPause()).toMatchObject({ owner: "sre@agency.test", reason: "load test in progress" });

    expect((await call("POST", "sre@agency.test", { minutes: 10, reason: "again" })).status).toBe(409);

    const resumed = await call("DELETE", "sre@agency.test");
    expect(resumed.status).toBe(200);
    expect(resumed.body.id).toBe(paused.body.id);
    expect(await currentAutoscalingPause()).toBeNull();
    expect((await call("DELETE", "sre@agency.test")).status).toBe(404);

    const actions = await api.scratch.prisma.auditEntry.findMany({ where: { at: { gte: startedAt }, action: { startsWith: "override." } }, orderBy: { seq: "asc" } });
    expect(actions.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ["override.create", "sre@agency.test"],
      ["override.end", "sre@agency.test"],
    ]);
  });

  test("a pause without a reason is a 400 naming the field; a day is the longest", async () => {
    const noReason = await call("POST", "sre@agency.test", { minutes: 30, reason: " " });
    const tooLong = await call("POST", "sre@agency.test", { minutes: 1441, reason: "weekend" });

    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.map((error) => error.path)).toEqual(["json.reason"]);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors?.map((error) => error.path)).toEqual(["json.minutes"]);
  });

  test.each(["viewer@agency.test", "manager@agency.test", "member@agency.test", "lead@copperleaf.test"])("%s may not pause it", async (email) => {
    expect((await call("POST", email, { minutes: 30, reason: "curious" })).status).toBe(403);
    expect((await call("DELETE", email)).status).toBe(403);
  });
});

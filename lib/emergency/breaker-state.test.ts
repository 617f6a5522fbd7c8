import { describe, expect, test } from "vitest";
import { FeatureBreakerState, type ActiveBreaker } from "./breaker-state";
import { createOverrideBus } from "./override-bus";

const breaker = (scope: ActiveBreaker["scope"], expiresAtMs: number, retryAfterSeconds = 30): ActiveBreaker => ({ overrideId: `o-${scope}`, scope, owner: "sre@example.test", expiresAtMs, retryAfterSeconds });

function stateWith(rows: ActiveBreaker[], nowMs: { value: number }) {
  const loaded = { rows, calls: 0 };
  const bus = createOverrideBus(null);
  const state = new FeatureBreakerState({
    load: async () => {
      loaded.calls += 1;
      return loaded.rows;
    },
    bus,
    pollIntervalMs: 60_000,
    now: () => nowMs.value,
  });
  return { state, loaded, bus };
}

describe("FeatureBreakerState", () => {
  test("degrades a non-core route in scope with the activation's Retry-After", async () => {
    const now = { value: 1_000_000 };
    const { state } = stateWith([breaker("modules", now.value + 600_000, 45)], now);
    await state.refresh();

    expect(state.degradation("standard", "modules")).toMatchObject({ scope: "modules", retryAfterSeconds: 45 });
    expect(state.degradation("standard", "workflows")).toBeNull();
    expect(state.degradation("core", "modules")).toBeNull();
  });

  test("Retry-After never points past the expiry", async () => {
    const now = { value: 1_000_000 };
    const { state } = stateWith([breaker("global", now.value + 10_500, 300)], now);
    await state.refresh();

    expect(state.degradation("optional", "marketplace")?.retryAfterSeconds).toBe(11);
  });

  test("an activation stops counting the moment it expires, before anyone re-reads", async () => {
    const now = { value: 1_000_000 };
    const { state } = stateWith([breaker("global", now.value + 1_000)], now);
    await state.refresh();
    expect(state.degradation("standard", "modules")).not.toBeNull();

    now.value += 1_000;

    expect(state.degradation("standard", "modules")).toBeNull();
    expect(state.active()).toEqual([]);
  });

  test("an announcement on the bus makes it re-read at once", async () => {
    const now = { value: 1_000_000 };
    const { state, loaded, bus } = stateWith([], now);
    state.start();
    await state.refresh();
    loaded.rows = [breaker("global", now.value + 60_000)];

    await bus.announce("circuit-breaker");
    await state.refresh(); // joins the read the announcement started

    expect(state.degradation("standard", "modules")).not.toBeNull();
    state.stop();
  });

  test("a failed read keeps the last known state", async () => {
    const now = { value: 1_000_000 };
    let fail = false;
    const state = new FeatureBreakerState({
      load: async () => {
        if (fail) throw new Error("database down");
        return [breaker("global", now.value + 60_000)];
      },
      bus: null,
      pollIntervalMs: 60_000,
      now: () => now.value,
    });
    await state.refresh();
    fail = true;

    await state.refresh();

    expect(state.degradation("standard", "modules")).not.toBeNull();
  });
});

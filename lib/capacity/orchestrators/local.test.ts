import { describe, expect, test } from "vitest";
import type { InstancesStatus } from "@/lib/cluster/instance";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { LocalOrchestrator, type LocalInstancesApi } from "./local";

/** A supervisor stand-in with limits 1..4 that records every scale request. */
function fakeSupervisor(desired = 2): LocalInstancesApi & { requested: number[] } {
  let status: InstancesStatus = { instances: [], desired, min: 1, max: 4, mode: "local", autoscaler: null };
  const withInstances = (count: number): InstancesStatus => ({
    ...status,
    desired: count,
    instances: Array.from({ length: count }, (_, id) => ({ id, pid: 100 + id, startedAt: "2025-01-01T00:00:00.000Z", state: "serving" as const })),
  });
  status = withInstances(desired);
  const requested: number[] = [];
  return {
    requested,
    listInstances: () => Promise.resolve(status),
    scaleInstances: (count) => {
      requested.push(count);
      status = withInstances(Math.min(status.max, Math.max(status.min, count)));
      return Promise.resolve(status);
    },
  };
}

describe("local orchestrator", () => {
  test.each([
    [0, 1],
    [1, 1],
    [3, 3],
    [4, 4],
    [5, 4],
  ])("scaleTo(%i) asks the supervisor for %i (limits 1..4)", async (requested, sent) => {
    const supervisor = fakeSupervisor();
    const status = await new LocalOrchestrator(supervisor).scaleTo(requested);
    expect(supervisor.requested).toEqual([sent]);
    expect(status).toMatchObject({ mode: "local", desiredReplicas: sent, currentReplicas: sent, minReplicas: 1, maxReplicas: 4 });
  });

  test("raiseMinimum scales up to the floor and later scaleTo calls stay at or above it", async () => {
    const supervisor = fakeSupervisor(2);
    const orchestrator = new LocalOrchestrator(supervisor);
    const raised = await orchestrator.raiseMinimum(3);
    expect(raised).toMatchObject({ desiredReplicas: 3, minReplicas: 3, minimumOverride: { minReplicas: 3, previousMinReplicas: 1 } });
    await orchestrator.scaleTo(1);
    expect(supervisor.requested).toEqual([3, 3]);
  });

  test("raiseMinimum keeps a higher replica count", async () => {
    const supervisor = fakeSupervisor(4);
    await new LocalOrchestrator(supervisor).raiseMinimum(2);
    expect(supervisor.requested).toEqual([4]);
  });

  test("restoreMinimum drops the floor without scaling", async () => {
    const supervisor = fakeSupervisor(2);
    const orchestrator = new LocalOrchestrator(supervisor);
    await orchestrator.raiseMinimum(3);
    const restored = await orchestrator.restoreMinimum();
    expect(restored).toMatchObject({ desiredReplicas: 3, minReplicas: 1, minimumOverride: null });
    await orchestrator.scaleTo(1);
    expect(supervisor.requested).toEqual([3, 1]);
  });

  test("raiseMinimum above the local maximum is refused without scaling", async () => {
    const supervisor = fakeSupervisor();
    await expect(new LocalOrchestrator(supervisor).raiseMinimum(5)).rejects.toBeInstanceOf(ValidationError);
    expect(supervisor.requested).toEqual([]);
  });

  test("a single process (no supervisor) cannot scale", async () => {
    const orchestrator = new LocalOrchestrator({ listInstances: () => Promise.resolve(null), scaleInstances: () => Promise.resolve(null) });
    await expect(orchestrator.scaleTo(2)).rejects.toBeInstanceOf(ConflictError);
  });
});

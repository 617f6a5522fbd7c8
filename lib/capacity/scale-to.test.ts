import { describe, expect, test } from "vitest";
import type { Orchestrator, OrchestratorStatus } from "./orchestrators";
import { scaleTo } from "./scale-to";

/** An orchestrator that keeps its replicas and floor in memory, as the local one does. */
function memoryOrchestrator(start: { replicas: number; min: number; max: number }): Orchestrator & { calls: string[] } {
  let replicas = start.replicas;
  let override: OrchestratorStatus["minimumOverride"] = null;
  const calls: string[] = [];
  const status = (): OrchestratorStatus => ({
    mode: "local",
    currentReplicas: replicas,
    desiredReplicas: replicas,
    minReplicas: override?.minReplicas ?? start.min,
    maxReplicas: start.max,
    minimumOverride: override,
  });
  return {
    calls,
    describe: async () => status(),
    scaleTo: async (wanted) => {
      calls.push(`scaleTo ${wanted}`);
      replicas = Math.min(start.max, Math.max(override?.minReplicas ?? start.min, wanted));
      return status();
    },
    raiseMinimum: async (minReplicas) => {
      calls.push(`raiseMinimum ${minReplicas}`);
      override = { minReplicas, previousMinReplicas: start.min };
      replicas = Math.max(replicas, minReplicas);
      return status();
    },
    restoreMinimum: async () => {
      calls.push("restoreMinimum");
      override = null;
      return status();
    },
  };
}

describe("scaleTo", () => {
  test("scales to the count asked for when no emergency floor is held", async () => {
    const orchestrator = memoryOrchestrator({ replicas: 2, min: 1, max: 8 });
    const outcome = await scaleTo({ replicas: 4, source: "manual" }, { orchestrator, emergencyFloor: async () => 0 });
    expect(outcome).toMatchObject({ status: { desiredReplicas: 4 }, emergencyFloor: 0, isHeldByFloor: false });
  });

  test("holds a scale-down at the emergency floor, whoever asks", async () => {
    for (const source of ["manual", "autoscaler"] as const) {
      const orchestrator = memoryOrchestrator({ replicas: 5, min: 1, max: 8 });
      const outcome = await scaleTo({ replicas: 2, source }, { orchestrator, emergencyFloor: async () => 5 });
      expect(orchestrator.calls).toEqual(["scaleTo 5"]);
      expect(outcome).toMatchObject({ status: { desiredReplicas: 5 }, emergencyFloor: 5, isHeldByFloor: true });
    }
  });

  test("a count at or above the floor passes unchanged", async () => {
    const orchestrator = memoryOrchestrator({ replicas: 5, min: 1, max: 8 });
    const outcome = await scaleTo({ replicas: 6, source: "autoscaler" }, { orchestrator, emergencyFloor: async () => 5 });
    expect(outcome).toMatchObject({ status: { desiredReplicas: 6 }, isHeldByFloor: false });
  });

  test("an unreadable floor changes nothing", async () => {
    const orchestrator = memoryOrchestrator({ replicas: 5, min: 1, max: 8 });
    const failing = async (): Promise<number> => Promise.reject(new Error("primary unreachable"));
    await expect(scaleTo({ replicas: 1, source: "autoscaler" }, { orchestrator, emergencyFloor: failing })).rejects.toThrow("primary unreachable");
    expect(orchestrator.calls).toEqual([]);
  });

  test("an emergency raise lifts the floor and the replicas; restore puts the floor back", async () => {
    const orchestrator = memoryOrchestrator({ replicas: 2, min: 2, max: 8 });
    const deps = { orchestrator, emergencyFloor: async () => 0 };
    const raised = await scaleTo({ minReplicas: 3, source: "emergency" }, deps);
    expect(raised.status).toMatchObject({ desiredReplicas: 3, minReplicas: 3 });
    const restored = await scaleTo({ minReplicas: "restore", source: "override-ended" }, deps);
    expect(restored.status).toMatchObject({ desiredReplicas: 3, minReplicas: 2, minimumOverride: null });
    expect(orchestrator.calls).toEqual(["raiseMinimum 3", "restoreMinimum"]);
  });
});

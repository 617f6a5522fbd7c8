import cluster from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import type { AutoscalerDecision, WorkerScalingReport } from "@/lib/capacity/reports";
import { metrics } from "@/lib/metrics/registry";
import { parentPeer, request, serve } from "./ipc";
import type { WorkerFleetStatus } from "./worker-fleet";

export type InstanceInfo = { id: number; pid: number; startedAt: string; state: "starting" | "serving" | "draining" };
export type InstancesStatus = { instances: InstanceInfo[]; desired: number; min: number; max: number; mode: "local"; autoscaler: AutoscalerDecision | null };

const IPC_TIMEOUT_MS = 5_000;

/** True inside an app instance forked by the local supervisor. */
export function isClusterInstance(): boolean {
  return cluster.isWorker && process.send !== undefined;
}

/** Lets the supervisor collect this instance's metrics; call once when the instance starts. */
export function answerSupervisor(): void {
  if (!isClusterInstance()) return;
  serve(parentPeer(), {
    "metrics:collect": () => metrics.registry.getMetricsAsJSON(),
  });
}

/**
 * The registry to read for the whole app: every instance's metrics merged (counters summed,
 * gauges by their aggregator) when running under the supervisor, else this process's own.
 */
export async function appWideRegistry(): Promise<Registry> {
  if (!isClusterInstance()) return metrics.registry;
  const perInstance = await request<object[][]>(parentPeer(), "metrics:collect-all", null, IPC_TIMEOUT_MS);
  return AggregatorRegistry.aggregate(perInstance.flat().length > 0 ? perInstance : [await metrics.registry.getMetricsAsJSON()]);
}

export function listInstances(): Promise<InstancesStatus | null> {
  if (!isClusterInstance()) return Promise.resolve(null);
  return request<InstancesStatus>(parentPeer(), "instances:list", null, IPC_TIMEOUT_MS);
}

/**
 * Asks the supervisor to run `desired` instances. Only the local orchestrator calls this: every
 * change of capacity goes through lib/capacity's scaleTo, which enforces the floor.
 */
export function askSupervisorForInstances(desired: number): Promise<InstancesStatus | null> {
  if (!isClusterInstance()) return Promise.resolve(null);
  return request<InstancesStatus>(parentPeer(), "instances:scale", { desired }, IPC_TIMEOUT_MS);
}

/** Shares the autoscaler's latest decision through the supervisor, so any instance can show it. */
export async function reportAutoscalerDecision(decision: AutoscalerDecision): Promise<void> {
  if (!isClusterInstance()) return;
  await request(parentPeer(), "autoscaler:report", decision, IPC_TIMEOUT_MS);
}

/** The supervisor's workflow worker processes; null outside the supervisor or without a fleet. */
export function listWorkerFleet(): Promise<(WorkerFleetStatus & { scaling: WorkerScalingReport | null }) | null> {
  if (!isClusterInstance()) return Promise.resolve(null);
  return request(parentPeer(), "workers:list", null, IPC_TIMEOUT_MS);
}

export async function scaleWorkerFleet(desired: number): Promise<void> {
  if (!isClusterInstance()) return;
  await request(parentPeer(), "workers:scale", { desired }, IPC_TIMEOUT_MS);
}

/** Shares the worker scaler's latest decision through the supervisor, so any instance can show it. */
export async function reportWorkerScaling(report: WorkerScalingReport): Promise<void> {
  if (!isClusterInstance()) return;
  await request(parentPeer(), "workers:report", report, IPC_TIMEOUT_MS);
}

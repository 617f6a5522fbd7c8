"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { CapacityThresholdsOutput, SignalsResponse, TimeRange } from "@/lib/ops/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";

/** Live panels poll in the background, keeping the last data on screen (no flicker). */
export const LIVE_REFRESH_MS = 5_000;

export const opsKeys = {
  signals: (range: TimeRange, signals: string[] | undefined) => ["ops", "signals", range, signals?.join(",") ?? "all"] as const,
  database: () => ["ops", "database"] as const,
  thresholds: () => ["ops", "thresholds"] as const,
};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json", ...presenceHeaders() } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as T;
}

export function useSignals(range: TimeRange, signals?: string[]) {
  const params = new URLSearchParams({ range, ...(signals ? { signals: signals.join(",") } : {}) });
  return useQuery({
    queryKey: opsKeys.signals(range, signals),
    queryFn: () => getJson<SignalsResponse>(`/api/v1/ops/signals?${params}`),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/**
 * The live capacity thresholds (the stored threshold rules): every badge, card and line that
 * shows a CPU, memory, DB pool or p95 threshold reads it here, so a rule edit moves them all.
 */
export function useCapacityThresholds() {
  return useQuery({ queryKey: opsKeys.thresholds(), queryFn: () => getJson<CapacityThresholdsOutput>("/api/v1/ops/thresholds"), refetchInterval: LIVE_REFRESH_MS });
}

export type DatabaseStatus = {
  sampledAt: string | null;
  primaryReachable: boolean;
  pools: { pool: string; target: string; total: number; idle: number; waiting: number; max: number; utilization: number }[];
  replicas: {
    name: string;
    reachable: boolean;
    healthy: boolean;
    inRotation: boolean;
    replayPaused: boolean;
    receiverStatus: string | null;
    lagSeconds: number | null;
    lagBytes: number | null;
    error?: string;
  }[];
  synchronousMode: {
    configured: "async" | "on" | "remote_apply";
    strict: boolean;
    standbyNames: string | null;
    synchronousCommit: string | null;
    isStandbySynchronous: boolean | null;
    isDegraded: boolean | null;
    error?: string;
  };
  serverSettings: { tier: "small" | "medium" | "large"; settings: { name: string; tier: string; live: string | null; differs: boolean; reason: string | null }[] } | null;
};

export function useDatabaseStatus() {
  return useQuery({ queryKey: opsKeys.database(), queryFn: () => getJson<DatabaseStatus>("/api/v1/ops/database"), refetchInterval: LIVE_REFRESH_MS });
}

export type InstancesStatus = {
  mode: "local" | "single" | "kubernetes";
  controlLoopLeaderPid: number | null;
  autoscaler: { at: string; currentReplicas: number; desiredReplicas: number; cpuUtilizationPercent: number; memoryUtilizationPercent: number; reason: string; applied: boolean } | null;
  desired: number;
  min: number;
  max: number;
  instances: { id: number; pid: number; startedAt: string; state: "starting" | "serving" | "draining" }[];
};

export function useInstances() {
  return useQuery({ queryKey: ["ops", "instances"], queryFn: () => getJson<InstancesStatus>("/api/v1/ops/instances"), refetchInterval: LIVE_REFRESH_MS });
}

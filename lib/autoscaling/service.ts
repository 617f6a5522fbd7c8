import os from "node:os";
import { recordAudit } from "@/lib/audit";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import type { DbAccess } from "@/lib/db/access";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/http/errors";
import { postgresHistory } from "@/lib/metrics/history/postgres-store";
import { memoryLimitBytes } from "@/lib/metrics/registry";
import { TIME_RANGES } from "@/lib/ops/schemas";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { renderKubernetesManifests } from "@/lib/sizing/kubernetes";
import { clampToLocalLimits, localAutoscalingPolicy, parseStoredPolicy } from "./policy-store";
import { findPolicy, findPolicyForUpdate, savePolicy, type PolicyRow } from "./repo";
import type { AutoscalingHistoryQuery, AutoscalingHistoryResponse, AutoscalingPolicyResponse, UpdateAutoscalingPolicyResponse } from "./schemas";

/** Who may change the policy: SREs and admins (platform admins always pass). */
export const POLICY_EDITOR_ROLES: readonly PlatformRole[] = ["sre"];
const NOT_AN_EDITOR_REASON = "only SREs and admins can change the autoscaling policy";
/** The HPA's sync period (--horizontal-pod-autoscaler-sync-period): one decision per 15 s step. */
const SIMULATION_STEP_SECONDS = 15;

type ReadCtx = { db: DbAccess; role: PlatformRole };
type WriteCtx = ReadCtx & { requestId: string; viewer: { user: { id: string; email: string } } };

function toResponse(row: PolicyRow | null, role: PlatformRole): AutoscalingPolicyResponse {
  const local = localAutoscalingPolicy();
  const stored = parseStoredPolicy(row);
  const policy = stored ?? local;
  const localLimits = { minReplicas: local.minReplicas, maxReplicas: local.maxReplicas };
  const clamped = clampToLocalLimits(policy, localLimits);
  const canEdit = hasPlatformRole(role, POLICY_EDITOR_ROLES);
  return {
    policy,
    source: stored ? "stored" : "default",
    updatedAt: stored && row ? row.updatedAt.toISOString() : null,
    updatedBy: stored && row ? row.updatedBy : null,
    localLimits,
    effective: { minReplicas: clamped.minReplicas, maxReplicas: clamped.maxReplicas },
    permissions: { canEdit, reason: canEdit ? null : NOT_AN_EDITOR_REASON },
  };
}

export async function getAutoscalingPolicy(ctx: ReadCtx): Promise<AutoscalingPolicyResponse> {
  return toResponse(await ctx.db.read(findPolicy), ctx.role);
}

/** Checks the schema cannot express: each resource may be named by one metric only. */
function checkPolicy(policy: HpaPolicy): void {
  const seen = new Set<string>();
  policy.metrics.forEach((metric, index) => {
    const name = metric.resource.name;
    if (seen.has(name)) {
      const message = `${name} already has a target; give each resource one metric`;
      throw new ValidationError(`metrics.${index}: ${message}`, { extra: { errors: [{ path: `json.metrics.${index}.resource.name`, message }] } });
    }
    seen.add(name);
  });
}

/** JSON with sorted keys: jsonb does not keep key order, so compare policies by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, child]) => child !== undefined);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Saves the policy and records who did it in the same transaction: the change and its audit
 * entry commit together or not at all. The running autoscaler reads it at its next tick.
 */
export async function updateAutoscalingPolicy(ctx: WriteCtx, input: HpaPolicy): Promise<UpdateAutoscalingPolicyResponse> {
  checkPolicy(input);
  const result = await ctx.db.primary.$transaction(async (tx) => {
    const before = await findPolicyForUpdate(tx);
    const previous = parseStoredPolicy(before);
    if (previous && canonical(previous) === canonical(input)) return { row: before, audit: null };
    const row = await savePolicy(tx, input, ctx.viewer.user.email);
    const audit = await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "autoscaling_policy.update",
      target: "autoscaling_policy:default",
      // Before the first save the autoscaler ran the default; record that as the old value.
      before: previous ?? localAutoscalingPolicy(),
      after: input,
      requestId: ctx.requestId,
    });
    return { row, audit };
  });
  return { ...toResponse(result.row, ctx.role), audit: result.audit ? { id: result.audit.id, at: result.audit.at.toISOString() } : null };
}

/**
 * CPU and memory use over the range, one point per HPA sync period, in the units the autoscaler
 * measures (the samples are fractions of this machine's cores and memory limit, taken from the
 * same app-wide registry the autoscaler reads), with the instance count that was running.
 */
export async function getAutoscalingHistory(ctx: ReadCtx, query: AutoscalingHistoryQuery, nowMs = Date.now()): Promise<AutoscalingHistoryResponse> {
  const config = env();
  const fromMs = nowMs - TIME_RANGES[query.range] * 1000;
  const series = await postgresHistory((read) => ctx.db.read(read)).range({
    signals: ["cpu_utilization", "memory_utilization", "instances"],
    fromMs,
    toMs: nowMs,
    stepSeconds: SIMULATION_STEP_SECONDS,
  });
  const byTime = (name: string) => new Map(series.find((entry) => entry.series === name)?.points ?? []);
  const memory = byTime("memory_utilization");
  const instances = byTime("instances");
  const cores = os.availableParallelism();
  const memoryLimit = memoryLimitBytes();
  const points = [...byTime("cpu_utilization")].flatMap(([t, cpu]): [number, number, number, number | null][] => {
    const memoryRatio = memory.get(t);
    return memoryRatio === undefined ? [] : [[t, Math.round(cpu * cores * 1000), Math.round(memoryRatio * memoryLimit), instances.get(t) ?? null]];
  });
  return {
    range: query.range,
    from: new Date(fromMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    stepSeconds: SIMULATION_STEP_SECONDS,
    requests: { cpuMilliPerInstance: config.APP_CPU_REQUEST_MILLICORES, memoryBytesPerInstance: config.APP_MEMORY_REQUEST_MB * 2 ** 20 },
    points,
  };
}

/** The HorizontalPodAutoscaler document of lib/sizing's manifests, for the current policy. */
export async function exportHpaYaml(ctx: ReadCtx): Promise<string> {
  const { policy } = await getAutoscalingPolicy(ctx);
  const documents = renderKubernetesManifests({ tier: "small", image: "agency-toolkit:latest", hpaPolicy: policy }).split(/^---\n/m);
  const hpa = documents.find((document) => /^kind: HorizontalPodAutoscaler$/m.test(document));
  if (!hpa) throw new Error("the Kubernetes manifests hold no HorizontalPodAutoscaler"); // a bug in lib/sizing, not input
  return hpa;
}

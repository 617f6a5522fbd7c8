import type { PlatformRole } from "@/lib/auth/roles";
import { getAutoscalingHistory, getAutoscalingPolicy } from "@/lib/autoscaling/service";
import { simulate } from "@/lib/autoscaling/simulate";
import type { DbAccess } from "@/lib/db/access";
import { env } from "@/lib/env";
import { listRules } from "@/lib/scaling/rules/service";
import { findLoadTestSince, findSuccessfulDrillSince } from "./repo";
import { CHECK_DESCRIPTIONS, type CheckId } from "./templates";

/** What a check saw, frozen into the item: the question asked, over which window, the answer and when. */
export type Verification = {
  check: CheckId;
  description: string;
  query: string;
  window: { from: string; to: string } | null;
  value: unknown;
  passed: boolean;
  detail: string;
  at: string;
};

type CheckCtx = { db: DbAccess; role: PlatformRole };
type CheckResult = Omit<Verification, "check" | "description" | "at">;

/** The guide's "p95 response time > 2 s" threshold, and at most 1 % errors, for a load test to count. */
const LOAD_TEST_MAX_P95_SECONDS = 2;
const LOAD_TEST_MAX_ERROR_RATIO = 0.01;
/** One minute of 15 s HPA steps: less history than that tests nothing. */
const MIN_SIMULATION_STEPS = 4;
const ALERTED_METRICS = ["cpu_utilization_percent", "memory_utilization_percent", "db_pool_utilization_percent", "http_request_p95_seconds"] as const;

async function checkAutoscalingSimulation(ctx: CheckCtx, nowMs: number): Promise<CheckResult> {
  const [{ policy, source, effective }, history] = await Promise.all([getAutoscalingPolicy(ctx), getAutoscalingHistory(ctx, { range: "1h" }, nowMs)]);
  const bounded = { ...policy, ...effective };
  const points = history.points.map(([atMs, cpuMilli, memoryBytes]) => ({ atMs, usage: { cpuMilli, memoryBytes } }));
  const start = history.points.find((point) => point[3] !== null)?.[3] ?? bounded.minReplicas;
  const steps = simulate(bounded, points, start, history.requests);
  const replicas = steps.map((step) => step.replicas);
  const passed = steps.length >= MIN_SIMULATION_STEPS;
  return {
    query: `simulate(${source} autoscaling policy, cpu/memory/instances history per ${history.stepSeconds} s step)`,
    window: { from: history.from, to: history.to },
    value: {
      policySource: source,
      minReplicas: bounded.minReplicas,
      maxReplicas: bounded.maxReplicas,
      steps: steps.length,
      replicasRange: replicas.length > 0 ? [Math.min(...replicas), Math.max(...replicas)] : null,
      finalReplicas: replicas.at(-1) ?? null,
    },
    passed,
    detail: passed
      ? `the ${source} policy ran ${steps.length} HPA steps over the last hour, between ${Math.min(...replicas)} and ${Math.max(...replicas)} instances`
      : `only ${steps.length} steps of metric history in the last hour; at least ${MIN_SIMULATION_STEPS} are needed to test the policy`,
  };
}

async function checkAlertRules(ctx: CheckCtx, nowMs: number): Promise<CheckResult> {
  const { rules } = await listRules(ctx, env().METRICS_SAMPLE_INTERVAL_SECONDS, nowMs);
  const enabled = rules.filter((rule) => rule.enabled);
  const value = Object.fromEntries(
    ALERTED_METRICS.map((metric) => [metric, enabled.filter((rule) => rule.metric === metric).map((rule) => `${rule.id}: ${rule.comparator} ${rule.threshold} for ${rule.forSeconds} s (${rule.severity})`)]),
  );
  const missing = ALERTED_METRICS.filter((metric) => value[metric]!.length === 0);
  return {
    query: "enabled threshold rules by metric (GET /api/v1/ops/rules)",
    window: null,
    value,
    passed: missing.length === 0,
    detail: missing.length === 0 ? `${enabled.length} enabled rules cover CPU, memory, DB pool and p95 latency` : `no enabled rule for ${missing.join(", ")}`,
  };
}

async function checkLoadTest(ctx: CheckCtx, since: Date, nowMs: number): Promise<CheckResult> {
  const result = await ctx.db.read((client) => findLoadTestSince(client, since));
  const window = { from: since.toISOString(), to: new Date(nowMs).toISOString() };
  const query = "latest load_test_result recorded since the scaling event opened";
  if (!result) return { query, window, value: null, passed: false, detail: "no load test recorded since the scaling event opened; record one first" };
  const passed = result.p95Seconds <= LOAD_TEST_MAX_P95_SECONDS && result.errorRatio <= LOAD_TEST_MAX_ERROR_RATIO;
  return {
    query,
    window,
    value: { id: result.id, name: result.name, at: result.at.toISOString(), requestsPerSecond: result.requestsPerSecond, p95Seconds: result.p95Seconds, errorRatio: result.errorRatio, recordedBy: result.recordedByEmail },
    passed,
    detail: passed
      ? `"${result.name}": ${result.requestsPerSecond} req/s, p95 ${result.p95Seconds} s, ${(result.errorRatio * 100).toFixed(2)} % errors`
      : `"${result.name}" missed the bar (p95 ≤ ${LOAD_TEST_MAX_P95_SECONDS} s, errors ≤ ${LOAD_TEST_MAX_ERROR_RATIO * 100} %): p95 ${result.p95Seconds} s, ${(result.errorRatio * 100).toFixed(2)} % errors`,
  };
}

async function checkDrill(ctx: CheckCtx, since: Date, nowMs: number): Promise<CheckResult> {
  const drill = await ctx.db.read((client) => findSuccessfulDrillSince(client, since));
  const window = { from: since.toISOString(), to: new Date(nowMs).toISOString() };
  const query = "latest successful drill (promotion or replica failure) recorded since the scaling event opened";
  if (!drill) return { query, window, value: null, passed: false, detail: "no successful failover drill since the scaling event opened; run or record one first" };
  return {
    query,
    window,
    value: { id: drill.id, kind: drill.kind, at: drill.at.toISOString(), summary: drill.summary, recordedBy: drill.recordedByEmail },
    passed: true,
    detail: `${drill.kind.replace("_", " ")} drill at ${drill.at.toISOString()}: ${drill.summary}`,
  };
}

/** Runs one check against live data; `eventOpenedAt` is when "after the change" begins. */
export async function runCheck(ctx: CheckCtx, check: CheckId, eventOpenedAt: Date, nowMs = Date.now()): Promise<Verification> {
  const result =
    check === "autoscaling-simulation"
      ? await checkAutoscalingSimulation(ctx, nowMs)
      : check === "alert-rules"
        ? await checkAlertRules(ctx, nowMs)
        : check === "load-test-after-change"
          ? await checkLoadTest(ctx, eventOpenedAt, nowMs)
          : await checkDrill(ctx, eventOpenedAt, nowMs);
  return { check, description: CHECK_DESCRIPTIONS[check], ...result, at: new Date(nowMs).toISOString() };
}

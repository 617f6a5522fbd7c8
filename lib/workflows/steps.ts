import { setTimeout as sleep } from "node:timers/promises";
import { EgressDeniedError, egressRequest, type EgressPolicy, type Resolver } from "@/lib/egress";
import { applyTransform, failStepShouldFail } from "./rules";
import type { StepDefinition } from "./schemas";
import { workflowSecretsKey } from "./secret-crypto";
import { openSecretHeaders } from "./secret-headers";

/** What a step gets to run one attempt. */
export type StepContext = {
  /** Aborted on the attempt's timeout, a cancel seen at a checkpoint, or worker shutdown. */
  signal: AbortSignal;
  /** 1-based, counted across runs of the execution. */
  attempt: number;
  previous: unknown;
  input: unknown;
  /** Progress a previous run of this step saved at a checkpoint, or null. */
  progress: unknown;
  checkpointIntervalMs: number;
  /** Persists progress; rejects (and the step must stop) when the run must not go on. */
  checkpoint(progress: unknown): Promise<void>;
  /** What http steps may call: the tenant's egress policy, read when a request is made. */
  egress: { policy(): Promise<EgressPolicy>; resolver?: Resolver };
};

/** A step failing on its own terms (as opposed to being aborted). */
export class StepFailure extends Error {}

/** Whether another attempt could succeed: an egress refusal would be refused again. */
export function isRetriable(reason: unknown): boolean {
  return !(reason instanceof EgressDeniedError);
}

/** A step's output is stored per execution: a response body (at most 1 MB is read) is kept up to this size. */
const RESPONSE_BODY_LIMIT_BYTES = 64 * 1024;

export async function runStep(step: StepDefinition, ctx: StepContext): Promise<unknown> {
  switch (step.type) {
    case "delay":
      return runDelay(step.config.ms, ctx);
    case "http":
      return runHttp(step.config, ctx);
    case "transform":
      return applyTransform(step.config.expression, ctx.previous, ctx.input);
    case "fail":
      if (failStepShouldFail(step.config.times, ctx.attempt)) throw new StepFailure(step.config.message);
      return { passedOnAttempt: ctx.attempt };
  }
}

function savedElapsedMs(progress: unknown): number {
  if (progress && typeof progress === "object" && "elapsedMs" in progress && typeof progress.elapsedMs === "number") return progress.elapsedMs;
  return 0;
}

/**
 * Waits in slices of at most the checkpoint interval, saving the time already waited, so a run
 * resumed on another worker waits only for the rest.
 */
async function runDelay(totalMs: number, ctx: StepContext): Promise<unknown> {
  let elapsedMs = Math.min(savedElapsedMs(ctx.progress), totalMs);
  const resumedAtMs = elapsedMs;
  while (elapsedMs < totalMs) {
    const sliceMs = Math.min(totalMs - elapsedMs, ctx.checkpointIntervalMs);
    const sliceStart = performance.now();
    await sleep(sliceMs, undefined, { signal: ctx.signal });
    elapsedMs += Math.max(sliceMs, performance.now() - sliceStart);
    if (elapsedMs < totalMs) await ctx.checkpoint({ elapsedMs: Math.round(elapsedMs) });
  }
  return { waitedMs: totalMs, resumedAtMs: Math.round(resumedAtMs) };
}

/** Calls `work` with a signal of its own, checkpointing while it runs; a failed checkpoint aborts it. */
async function withCheckpoints<T>(ctx: StepContext, progress: () => unknown, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener("abort", forward, { once: true });
  let checkpointError: unknown = null;
  const timer = setInterval(() => {
    ctx.checkpoint(progress()).catch((error: unknown) => {
      checkpointError = error;
      controller.abort(error);
    });
  }, ctx.checkpointIntervalMs);
  try {
    return await work(controller.signal);
  } catch (error) {
    throw checkpointError ?? error;
  } finally {
    clearInterval(timer);
    ctx.signal.removeEventListener("abort", forward);
  }
}

async function runHttp(config: Extract<StepDefinition, { type: "http" }>["config"], ctx: StepContext): Promise<unknown> {
  const startedAt = Date.now();
  return withCheckpoints(
    ctx,
    () => ({ waitingMs: Date.now() - startedAt }),
    async (signal) => {
      const hasBody = config.body !== undefined && config.method !== "GET";
      const headers = openSecretHeaders(config.headers ?? {}, workflowSecretsKey);
      // The runner's budget aborts `signal`; the client's own deadline is the step's timeout.
      const response = await egressRequest(
        config.url,
        {
          method: config.method,
          headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
          body: hasBody ? JSON.stringify(config.body) : undefined,
          signal,
          timeoutMs: config.timeoutMs,
          resolver: ctx.egress.resolver,
        },
        await ctx.egress.policy(),
      );
      if (response.status < 200 || response.status > 299) throw new StepFailure(`HTTP ${response.status} from ${config.method} ${config.url}`);
      const text = response.body.subarray(0, RESPONSE_BODY_LIMIT_BYTES).toString("utf8");
      return { status: response.status, body: parseBody(text, contentTypeOf(response.headers["content-type"])) };
    },
  );
}

const contentTypeOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

function parseBody(text: string, contentType: string | null): unknown {
  if (!contentType?.includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

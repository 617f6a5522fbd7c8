import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-data";
import { describeFailure, type ApiCall, type ApiSession } from "./http";

// The replica promotion as two operators drive it over HTTP: the SRE steps up, previews and
// requests the run; a platform admin steps up and approves; the run is polled until it ends.

const PROCEDURE = "replica-promotion";
const PROCEDURE_NAME = "Read-replica promotion";
const RETRY_MS = 1_000;

export type ProcedurePreview = { summary: string; changes: { label: string; from: string; to: string }[]; warnings: string[]; blockers: string[] };
type ProcedureRun = { id: string; status: string; outcome: { details: Record<string, unknown> } | null; error: string | null };

export type PromotionOutcome = {
  preview: ProcedurePreview | null;
  run: ProcedureRun | null;
  /** Each step's refusals before it went through (a 503 while the primary is down, say). */
  refusals: string[];
  error: string | null;
};

/** Repeats `send` while the app answers 5xx (or nothing) until `deadlineMs`; returns the last answer. */
async function untilAnswered(step: string, deadlineMs: number, refusals: string[], send: () => Promise<ApiCall>): Promise<ApiCall> {
  for (;;) {
    let call: ApiCall;
    try {
      call = await send();
    } catch (error) {
      call = { status: 0, body: error instanceof Error ? error.message : String(error), headers: new Headers() };
    }
    if (call.status > 0 && call.status < 500) return call;
    refusals.push(`${step}: ${describeFailure(call)}`);
    if (Date.now() > deadlineMs) return call;
    await sleep(RETRY_MS);
  }
}

function expectOk(step: string, call: ApiCall): unknown {
  if (call.status < 200 || call.status >= 300) throw new Error(`${step} answered ${describeFailure(call)}`);
  return call.body;
}

export async function promoteThroughApi(requester: ApiSession, approver: ApiSession, timeoutMs: number): Promise<PromotionOutcome> {
  const deadlineMs = Date.now() + timeoutMs;
  const outcome: PromotionOutcome = { preview: null, run: null, refusals: [], error: null };
  const step = (name: string, session: ApiSession, method: "GET" | "POST", path: string, body?: unknown) =>
    untilAnswered(name, deadlineMs, outcome.refusals, () => session.call(method, path, body)).then((call) => expectOk(name, call));
  try {
    await step("step-up (requester)", requester, "POST", "/api/v1/auth/step-up", { password: DEMO_PASSWORD });
    outcome.preview = (await step("preview", requester, "POST", `/api/v1/ops/emergency/${PROCEDURE}/preview`, { input: {} })) as ProcedurePreview;
    if (outcome.preview.blockers.length > 0) throw new Error(`the preview has blockers: ${outcome.preview.blockers.join("; ")}`);
    const requested = (await step("request run", requester, "POST", `/api/v1/ops/emergency/${PROCEDURE}/runs`, {
      input: {},
      confirmation: PROCEDURE_NAME,
      idempotencyKey: randomUUID(),
      dataLossAcknowledged: true,
    })) as ProcedureRun;
    await step("step-up (approver)", approver, "POST", "/api/v1/auth/step-up", { password: DEMO_PASSWORD });
    await step("approve", approver, "POST", `/api/v1/ops/emergency/runs/${requested.id}/approve`);
    for (;;) {
      const run = (await step("poll run", requester, "GET", `/api/v1/ops/emergency/runs/${requested.id}`)) as ProcedureRun;
      outcome.run = run;
      if (run.status === "succeeded") break;
      if (run.status === "failed") throw new Error(`the run failed: ${run.error ?? "no reason given"}`);
      if (Date.now() > deadlineMs) throw new Error(`the run is still ${run.status} after ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}

import { z } from "zod";
import { evaluateAlertTimeline, type AlertSnapshot } from "../alert-timeline";
import { comparatorSchema } from "../schemas";
import { describeInvalidInput, refuse, succeed, type CliResult } from "./cli-result";

// `scaling alerts evaluate`: stdin is a JSON array of rule-and-series cases, stdout a JSON array
// holding, per case, one entry per evaluation time (like `promtool test rules`, but showing
// every state instead of only firing alerts).

const COMMAND = "scaling alerts evaluate";

const seriesPointSchema = z.object({ t: z.number(), value: z.number().nullable() });

const evalTimesSchema = z.array(z.number()).superRefine((evalTimes, ctx) => {
  evalTimes.forEach((t, index) => {
    const previous = evalTimes[index - 1];
    if (previous !== undefined && t <= previous) {
      ctx.addIssue({ code: "custom", path: [index], message: `must be later than the previous evaluation time (${previous})` });
    }
  });
});

const alertsCaseSchema = z.object({
  forSeconds: z.number().nonnegative().default(0),
  keepFiringForSeconds: z.number().nonnegative().default(0),
  op: comparatorSchema,
  threshold: z.number(),
  evalTimes: evalTimesSchema,
  series: z.array(seriesPointSchema),
});

const alertsInputSchema = z.array(alertsCaseSchema);
type AlertsCaseInput = z.infer<typeof alertsCaseSchema>;

type AlertsCaseOutput = { t: number; state: string; activeAt: number | null; resolvedAt?: number };

export function runAlertsEvaluate(input: unknown): CliResult {
  const parsed = alertsInputSchema.safeParse(input);
  if (!parsed.success) return refuse(describeInvalidInput(COMMAND, parsed.error));
  return succeed(parsed.data.map(evaluateCase));
}

function evaluateCase(input: AlertsCaseInput): AlertsCaseOutput[] {
  const snapshots = evaluateAlertTimeline({
    forSeconds: input.forSeconds,
    keepFiringForSeconds: input.keepFiringForSeconds,
    comparator: input.op,
    threshold: input.threshold,
    evalTimesSeconds: input.evalTimes,
    series: input.series.map((point) => ({ tSeconds: point.t, value: point.value })),
  });
  return snapshots.map(toOutput);
}

function toOutput(snapshot: AlertSnapshot): AlertsCaseOutput {
  const output: AlertsCaseOutput = { t: snapshot.evalTimeSeconds, state: snapshot.state, activeAt: snapshot.activeAtSeconds };
  if (snapshot.resolvedAtSeconds !== undefined) output.resolvedAt = snapshot.resolvedAtSeconds;
  return output;
}

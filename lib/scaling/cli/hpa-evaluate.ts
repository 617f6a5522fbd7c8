import { z } from "zod";
import { resolveHpaBehavior } from "../hpa-behavior-defaults";
import { normalizeDesiredReplicas, stabilizeWithBehavior } from "../hpa-normalize";
import { calculateReplicasForMetric, DEFAULT_TOLERANCE } from "../hpa-replica-ratio";
import { hpaBehaviorSchema } from "../schemas";
import { describeInvalidInput, refuse, succeed, type CliResult } from "./cli-result";
import { metricInputSchema, toMetricReading } from "./metric-input";

// `scaling hpa evaluate`: stdin is a JSON array of cases, each either a behavior case
// (stabilize or the whole normalization) or a ratio case (one metric's replica proposal);
// stdout is a JSON array of `{ "desiredReplicas": n }`, one per case.

const COMMAND = "scaling hpa evaluate";

const replicaCountSchema = z.int().nonnegative();
// Ages are seconds before now; an entry counts while its age is below the period or window.
const ageSecondsSchema = z.number().nonnegative();
const scaleEventSchema = z.object({ ageSeconds: ageSecondsSchema, replicaChange: z.int().nonnegative() });
const recommendationSchema = z.object({ ageSeconds: ageSecondsSchema, replicas: replicaCountSchema });

const behaviorCaseSchema = z
  .object({
    kind: z.literal("behavior"),
    scope: z.enum(["normalize", "stabilize"]),
    minReplicas: replicaCountSchema,
    maxReplicas: z.int().positive(),
    currentReplicas: replicaCountSchema,
    desiredReplicas: replicaCountSchema,
    behavior: hpaBehaviorSchema.nullish(),
    scaleUpEvents: z.array(scaleEventSchema).default([]),
    scaleDownEvents: z.array(scaleEventSchema).default([]),
    recommendations: z.array(recommendationSchema).default([]),
  })
  .refine((input) => input.maxReplicas >= input.minReplicas, {
    path: ["maxReplicas"],
    message: "must be at least minReplicas",
  });

const ratioCaseSchema = z.object({
  kind: z.literal("ratio"),
  currentReplicas: replicaCountSchema,
  tolerance: z.number().nonnegative().default(DEFAULT_TOLERANCE),
  metric: metricInputSchema,
});

const hpaInputSchema = z.array(z.discriminatedUnion("kind", [behaviorCaseSchema, ratioCaseSchema]));
type BehaviorCaseInput = z.infer<typeof behaviorCaseSchema>;
type RatioCaseInput = z.infer<typeof ratioCaseSchema>;

export function runHpaEvaluate(input: unknown): CliResult {
  const parsed = hpaInputSchema.safeParse(input);
  if (!parsed.success) return refuse(describeInvalidInput(COMMAND, parsed.error));
  return succeed(
    parsed.data.map((hpaCase) => ({
      desiredReplicas: hpaCase.kind === "behavior" ? evaluateBehaviorCase(hpaCase) : evaluateRatioCase(hpaCase),
    })),
  );
}

function evaluateBehaviorCase(input: BehaviorCaseInput): number {
  const normalizeInput = { ...input, behavior: resolveHpaBehavior(input.behavior) };
  return input.scope === "stabilize" ? stabilizeWithBehavior(normalizeInput) : normalizeDesiredReplicas(normalizeInput);
}

function evaluateRatioCase(input: RatioCaseInput): number {
  return calculateReplicasForMetric(input.currentReplicas, input.tolerance, toMetricReading(input.metric));
}

import { z } from "zod";
import type { MetricReading } from "../hpa-replica-ratio";

// The `metric` of a ratio case. Values are integer milli-units (Quantity.MilliValue()); targets
// must be positive, as Kubernetes's API validation requires.

const milliSchema = z.int().nonnegative();
const podMilliValuesSchema = z.array(milliSchema).min(1, "needs at least one pod");

const utilizationMetricSchema = z
  .object({
    type: z.literal("Utilization"),
    target: z.int().positive(),
    podValues: podMilliValuesSchema,
    podRequests: podMilliValuesSchema,
  })
  .superRefine((metric, ctx) => {
    if (metric.podRequests.length !== metric.podValues.length) {
      ctx.addIssue({ code: "custom", path: ["podRequests"], message: "needs one request per entry of podValues" });
    } else if (metric.podRequests.every((request) => request === 0)) {
      ctx.addIssue({ code: "custom", path: ["podRequests"], message: "must not all be 0 (utilization is usage over requests)" });
    }
  });

// AverageValue comes per pod (a Pods metric) or as one total (an Object or External metric).
const averageValueMetricSchema = z
  .object({
    type: z.literal("AverageValue"),
    target: z.int().positive(),
    podValues: podMilliValuesSchema.optional(),
    value: milliSchema.optional(),
  })
  .superRefine((metric, ctx) => {
    if ((metric.podValues === undefined) === (metric.value === undefined)) {
      ctx.addIssue({ code: "custom", path: ["podValues"], message: "give exactly one of podValues (per pod) or value (a total)" });
    }
  });

const valueMetricSchema = z.object({
  type: z.literal("Value"),
  target: z.int().positive(),
  value: milliSchema,
});

export const metricInputSchema = z.discriminatedUnion("type", [
  utilizationMetricSchema,
  averageValueMetricSchema,
  valueMetricSchema,
]);
type MetricInput = z.infer<typeof metricInputSchema>;

export function toMetricReading(metric: MetricInput): MetricReading {
  switch (metric.type) {
    case "Utilization":
      return {
        target: "Utilization",
        targetPercent: metric.target,
        podUsagesMilli: metric.podValues,
        podRequestsMilli: metric.podRequests,
      };
    case "AverageValue":
      // The schema let through exactly one of podValues and value.
      return metric.podValues === undefined
        ? { target: "AverageValueTotal", targetMilli: metric.target, totalMilli: metric.value! }
        : { target: "AverageValuePerPod", targetMilli: metric.target, podValuesMilli: metric.podValues };
    case "Value":
      return { target: "Value", targetMilli: metric.target, valueMilli: metric.value };
  }
}

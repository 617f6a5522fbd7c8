import type { Prisma, PrismaClient } from "@/generated/prisma/client";

// Every Prisma call of the capacity domain. The threshold rules belong to the scaling rules
// (lib/scaling/rules); capacity only reads their values.

const ruleThresholdSelect = { metric: true, comparator: true, threshold: true } satisfies Prisma.ScalingRuleSelect;
export type RuleThresholdRow = Prisma.ScalingRuleGetPayload<{ select: typeof ruleThresholdSelect }>;

export async function listRuleThresholds(client: PrismaClient): Promise<RuleThresholdRow[]> {
  return client.scalingRule.findMany({ select: ruleThresholdSelect });
}

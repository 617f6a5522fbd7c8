import type { OpenAPIHono } from "@hono/zod-openapi";
import { env } from "@/lib/env";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { ruleHistoryQuerySchema, ruleHistoryResponseSchema, ruleParamsSchema, rulesResponseSchema, updateRuleResponseSchema, updateRuleSchema } from "./schemas";
import { getRuleHistory, listRules, RULE_EDITOR_ROLES, updateScalingRule } from "./service";

const listRulesRoute = defineRoute({
  method: "get",
  path: "/v1/ops/rules",
  summary: "Threshold rules with their current alert state, last value and flap score",
  tags: ["ops", "scaling"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: rulesResponseSchema, description: "Every threshold rule" },
  // The control loop evaluates rules each time it samples.
  handler: ({ ctx }) => listRules(ctx, env().METRICS_SAMPLE_INTERVAL_SECONDS),
});

const updateRuleRoute = defineRoute({
  method: "put",
  path: "/v1/ops/rules/{id}",
  summary: "Change a rule's threshold, for, keep_firing_for, severity or enabled flag (audited)",
  tags: ["ops", "scaling"],
  access: { scope: "platform", roles: RULE_EDITOR_ROLES },
  tier: "core",
  request: { params: ruleParamsSchema, body: updateRuleSchema },
  response: { status: 200, schema: updateRuleResponseSchema, description: "The rule as saved, and its audit entry" },
  handler: ({ ctx, params, body }) => updateScalingRule(ctx, params.id, body),
});

const ruleHistoryRoute = defineRoute({
  method: "get",
  path: "/v1/ops/rules/{id}/history",
  summary: "A rule's alert state transitions over a time range",
  tags: ["ops", "scaling"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  request: { params: ruleParamsSchema, query: ruleHistoryQuerySchema },
  response: { status: 200, schema: ruleHistoryResponseSchema, description: "Transitions, oldest first" },
  handler: ({ ctx, params, query }) => getRuleHistory(ctx, params.id, query),
});

export function registerScalingRuleRoutes(app: OpenAPIHono<ApiEnv>): void {
  listRulesRoute(app);
  updateRuleRoute(app);
  ruleHistoryRoute(app);
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import { dbAccessFor } from "@/lib/db/access";
import { env } from "@/lib/env";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { defineDownloadRoute } from "@/lib/http/define-download-route";
import { thresholdRuleSchema } from "@/lib/scaling/schemas";
import { listRulesWithAlerts } from "@/lib/scaling/rules/repo";
import { RULE_EDITOR_ROLES } from "@/lib/scaling/rules/service";
import { exportPrometheusRules, exportPromtoolTests, RULE_FILE_NAME } from "./rule-export";
import { createSilenceSchema, expiredSilenceSchema, ruleExportQuerySchema, silenceChangedSchema, silenceParamsSchema, silencesResponseSchema } from "./schemas";
import { expireRuleSilence, listRuleSilences, silenceRule } from "./silences";

const listSilencesRoute = defineRoute({
  method: "get",
  path: "/v1/ops/alerting/silences",
  summary: "Active and pending Alertmanager silences of the threshold rules, with creator, comment and end",
  tags: ["ops", "alerting"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: silencesResponseSchema, description: "The silences (503 when Alertmanager does not answer)" },
  handler: ({ ctx }) => listRuleSilences(ctx),
});

const createSilenceRoute = defineRoute({
  method: "post",
  path: "/v1/ops/alerting/silences",
  summary: "Silence a rule's alerts in Alertmanager for a number of minutes (audited)",
  tags: ["ops", "alerting"],
  access: { scope: "platform", roles: RULE_EDITOR_ROLES },
  tier: "core",
  request: { body: createSilenceSchema },
  response: { status: 200, schema: silenceChangedSchema, description: "The silence Alertmanager created, and its audit entry" },
  handler: ({ ctx, body }) => silenceRule(ctx, body),
});

const expireSilenceRoute = defineRoute({
  method: "delete",
  path: "/v1/ops/alerting/silences/{id}",
  summary: "Expire a silence of a threshold rule in Alertmanager now (audited)",
  tags: ["ops", "alerting"],
  access: { scope: "platform", roles: RULE_EDITOR_ROLES },
  tier: "core",
  request: { params: silenceParamsSchema },
  response: { status: 200, schema: expiredSilenceSchema, description: "The expired silence's id, and its audit entry" },
  handler: ({ ctx, params }) => expireRuleSilence(ctx, params.id),
});

/** YAML rather than JSON: the same access check as the rules list. */
const exportRoute = defineDownloadRoute({
  path: "/v1/ops/rules/export",
  summary: "The live threshold rules as a Prometheus rule file over this app's /api/metrics series, or its promtool test file",
  tags: ["ops", "alerting"],
  access: { scope: "platform", roles: "any" },
  query: ruleExportQuerySchema,
  mediaType: "application/yaml",
  description: "The file",
  download: async ({ format }, cookie) => {
    const rows = await dbAccessFor(cookie).read((client) => listRulesWithAlerts(client));
    const rules = rows.map((row) => ({ ...thresholdRuleSchema.parse(row), enabled: row.enabled }));
    const ctx = { appUrl: env().APP_URL, evaluationIntervalSeconds: env().METRICS_SAMPLE_INTERVAL_SECONDS };
    return {
      body: format === "prometheus" ? exportPrometheusRules(rules, ctx) : exportPromtoolTests(rules, ctx),
      contentType: "application/yaml; charset=utf-8",
      filename: format === "prometheus" ? RULE_FILE_NAME : "agency-toolkit-rules.test.yml",
    };
  },
});

export function registerAlertingRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listSilencesRoute, createSilenceRoute, expireSilenceRoute, exportRoute]) register(app);
}

import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { dbAccessFor } from "@/lib/db/access";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { addCatalogRoute } from "@/lib/http/route-catalog";
import { requireViewer } from "@/lib/http/middleware/require-viewer";
import { pauseAutoscaling, resumeAutoscaling } from "./pause";
import {
  autoscalingHistoryQuerySchema,
  autoscalingPauseInputSchema,
  autoscalingPauseSchema,
  autoscalingHistoryResponseSchema,
  autoscalingPolicyResponseSchema,
  updateAutoscalingPolicyResponseSchema,
  updateAutoscalingPolicySchema,
} from "./schemas";
import { exportHpaYaml, getAutoscalingHistory, getAutoscalingPolicy, POLICY_EDITOR_ROLES, updateAutoscalingPolicy } from "./service";

const getPolicyRoute = defineRoute({
  method: "get",
  path: "/v1/ops/autoscaling/policy",
  summary: "The HPA policy the autoscaler runs (the guide's until one is saved), with the local limits",
  tags: ["ops", "autoscaling"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  response: { status: 200, schema: autoscalingPolicyResponseSchema, description: "The policy" },
  handler: ({ ctx }) => getAutoscalingPolicy(ctx),
});

const updatePolicyRoute = defineRoute({
  method: "put",
  path: "/v1/ops/autoscaling/policy",
  summary: "Replace the HPA policy (min/max, targets, behavior); audited",
  tags: ["ops", "autoscaling"],
  access: { scope: "platform", roles: POLICY_EDITOR_ROLES },
  tier: "core",
  request: { body: updateAutoscalingPolicySchema },
  response: { status: 200, schema: updateAutoscalingPolicyResponseSchema, description: "The policy as saved, and its audit entry" },
  handler: ({ ctx, body }) => updateAutoscalingPolicy(ctx, body),
});

const historyRoute = defineRoute({
  method: "get",
  path: "/v1/ops/autoscaling/history",
  summary: "CPU, memory and instances per 15 s step over a time range, for the HPA simulator",
  tags: ["ops", "autoscaling"],
  access: { scope: "platform", roles: "any" },
  tier: "core",
  request: { query: autoscalingHistoryQuerySchema },
  response: { status: 200, schema: autoscalingHistoryResponseSchema, description: "Usage history" },
  handler: ({ ctx, query }) => getAutoscalingHistory(ctx, query),
});

const pauseRoute = defineRoute({
  method: "post",
  path: "/v1/ops/autoscaling/pause",
  summary: "Pause the autoscaler until a chosen time (an override with an owner and an expiry); audited",
  tags: ["ops", "autoscaling"],
  access: { scope: "platform", roles: POLICY_EDITOR_ROLES },
  tier: "core",
  request: { body: autoscalingPauseInputSchema },
  response: { status: 201, schema: autoscalingPauseSchema, description: "The pause now in force" },
  handler: ({ ctx, body }) => pauseAutoscaling(ctx, body),
});

const resumeRoute = defineRoute({
  method: "delete",
  path: "/v1/ops/autoscaling/pause",
  summary: "End the autoscaling pause before its expiry; audited",
  tags: ["ops", "autoscaling"],
  access: { scope: "platform", roles: POLICY_EDITOR_ROLES },
  tier: "core",
  response: { status: 200, schema: autoscalingPauseSchema, description: "The pause that ended" },
  handler: ({ ctx }) => resumeAutoscaling(ctx),
});

/** A YAML file rather than JSON, so defineRoute does not fit; same access check. */
function hpaExportRoute(app: OpenAPIHono<ApiEnv>): void {
  const access = { scope: "platform", roles: "any" } as const;
  const summary = "The HorizontalPodAutoscaler (autoscaling/v2) for the current autoscaling policy";
  addCatalogRoute({ method: "GET", path: "/v1/ops/exports/hpa", summary, tier: "core", area: "ops", access, stepUp: false });
  const route = createRoute({
    method: "get",
    path: "/v1/ops/exports/hpa",
    summary,
    tags: ["ops", "autoscaling"],
    middleware: [requireViewer(access)] as const,
    responses: { 200: { description: "The manifest", content: { "application/yaml": { schema: z.string() } } } },
  });
  app.openapi(route, async (c) => {
    const role = c.get("viewer")?.platformRole;
    if (!role) throw new Error("requireViewer did not run"); // programming error, not input
    const yaml = await exportHpaYaml({ db: dbAccessFor(c.req.header("cookie") ?? null), role });
    return c.body(yaml, 200, { "content-type": "application/yaml; charset=utf-8", "content-disposition": 'attachment; filename="agency-toolkit-hpa.yaml"' });
  });
}

export function registerAutoscalingRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [getPolicyRoute, updatePolicyRoute, historyRoute, pauseRoute, resumeRoute, hpaExportRoute]) register(app);
}

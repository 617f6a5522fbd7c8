import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { featureBreaker } from "./breaker-state";
import { breakerMetrics } from "./metrics";
import { approveRun, cancelRun, getRun, listProcedures, listRuns, previewProcedure, requestRun, RUNNER_ROLES } from "./runs";
import {
  breakerStatusSchema,
  dependencyBreakersSchema,
  endOverrideSchema,
  overrideListSchema,
  overrideParamsSchema,
  previewRequestSchema,
  procedureListSchema,
  procedureParamsSchema,
  procedurePreviewSchema,
  procedureRunSchema,
  runHistoryQuerySchema,
  runHistorySchema,
  runParamsSchema,
  runRequestSchema,
} from "./schemas";
import { endOverrideNow, getBreakerStatus, getDependencyBreakers, listActiveOverrides } from "./service";

const tags = ["ops", "emergency"];

const routes = [
  defineRoute({
    method: "get",
    path: "/v1/ops/emergency/procedures",
    summary: "The emergency procedures with their runbook steps, current state, active and last run",
    tags,
    access: { scope: "platform", roles: "any" },
    tier: "core",
    response: { status: 200, schema: procedureListSchema, description: "The procedures" },
    handler: ({ ctx }) => listProcedures(ctx),
  }),
  defineRoute({
    method: "post",
    path: "/v1/ops/emergency/{id}/preview",
    summary: "Dry run: exactly what the procedure would change now, its warnings and blockers",
    tags,
    access: { scope: "platform", roles: RUNNER_ROLES },
    // Changes nothing: what the run would do, before the password is asked for.
    stepUp: false,
    tier: "core",
    request: { params: procedureParamsSchema, body: previewRequestSchema },
    response: { status: 200, schema: procedurePreviewSchema, description: "The preview" },
    handler: ({ ctx, params, body }) => previewProcedure(ctx, params.id, body.input),
  }),
  defineRoute({
    method: "post",
    path: "/v1/ops/emergency/{id}/runs",
    summary: "Run a procedure: typed confirmation, recent password, idempotency key; one run at a time",
    tags,
    access: { scope: "platform", roles: RUNNER_ROLES },
    tier: "core",
    request: { params: procedureParamsSchema, body: runRequestSchema },
    response: { status: 202, schema: procedureRunSchema, description: "The run (started, or waiting for a second approval)" },
    handler: ({ ctx, params, body }) => requestRun(ctx, params.id, body),
  }),
  defineRoute({
    method: "post",
    path: "/v1/ops/emergency/runs/{runId}/approve",
    summary: "Approve a run waiting for a second sre/admin (not its requester); it starts",
    tags,
    access: { scope: "platform", roles: RUNNER_ROLES },
    tier: "core",
    request: { params: runParamsSchema },
    response: { status: 200, schema: procedureRunSchema, description: "The approved run" },
    handler: ({ ctx, params }) => approveRun(ctx, params.runId),
  }),
  defineRoute({
    method: "post",
    path: "/v1/ops/emergency/runs/{runId}/cancel",
    summary: "Withdraw a run still waiting for approval",
    tags,
    access: { scope: "platform", roles: RUNNER_ROLES },
    tier: "core",
    request: { params: runParamsSchema },
    response: { status: 200, schema: procedureRunSchema, description: "The cancelled run" },
    handler: ({ ctx, params }) => cancelRun(ctx, params.runId),
  }),
  defineRoute({
    method: "get",
    path: "/v1/ops/emergency/runs/{runId}",
    summary: "A run's live status, progress and result",
    tags,
    access: { scope: "platform", roles: "any" },
    tier: "core",
    request: { params: runParamsSchema },
    response: { status: 200, schema: procedureRunSchema, description: "The run" },
    handler: ({ ctx, params }) => getRun(ctx, params.runId),
  }),
  defineRoute({
    method: "get",
    path: "/v1/ops/emergency/runs",
    summary: "Procedure runs, newest first (cursor pagination)",
    tags,
    access: { scope: "platform", roles: "any" },
    tier: "core",
    request: { query: runHistoryQuerySchema },
    response: { status: 200, schema: runHistorySchema, description: "A page of runs" },
    handler: ({ ctx, query }) => listRuns(ctx, query),
  }),
  defineRoute({
    method: "get",
    path: "/v1/ops/emergency/overrides",
    summary: "Active overrides (circuit breaker, raised minimum, paused autoscaling) with owner and expiry",
    tags,
    access: { scope: "platform", roles: "any" },
    tier: "core",
    response: { status: 200, schema: overrideListSchema, description: "The active overrides" },
    handler: () => listActiveOverrides(),
  }),
  defineRoute({
    method: "post",
    path: "/v1/ops/emergency/overrides/{overrideId}/end",
    summary: "End an override now, with a reason; audited",
    tags,
    access: { scope: "platform", roles: RUNNER_ROLES },
    tier: "core",
    request: { params: overrideParamsSchema, body: endOverrideSchema },
    response: { status: 200, schema: overrideListSchema, description: "The overrides still active" },
    handler: ({ ctx, params, body }) => endOverrideNow(ctx, params.overrideId, body),
  }),
  defineRoute({
    method: "get",
    path: "/v1/ops/emergency/dependencies",
    summary: "The automatic dependency breakers: the cache's Redis breaker and each replica's rotation",
    tags,
    access: { scope: "platform", roles: "any" },
    tier: "core",
    response: { status: 200, schema: dependencyBreakersSchema, description: "Their states" },
    handler: async () => getDependencyBreakers(),
  }),
  defineRoute({
    method: "get",
    path: "/v1/circuit-breaker",
    summary: "Whether the circuit breaker is on and which feature areas it switches off (for the banner)",
    tags: ["emergency"],
    access: { scope: "account" },
    tier: "core",
    response: { status: 200, schema: breakerStatusSchema, description: "This instance's breaker state" },
    handler: async () => getBreakerStatus(),
  }),
];

export function registerEmergencyRoutes(app: OpenAPIHono<ApiEnv>): void {
  // Load the breaker state and subscribe to its changes before the first request needs them.
  featureBreaker();
  breakerMetrics();
  for (const register of routes) register(app);
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import { listWorkerFleet } from "@/lib/cluster/instance";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { workflowWorkersSchema, type WorkflowWorkersOutput } from "./schemas";

/** Without worker processes, each app instance runs its own worker (embedded and single-process modes). */
const IN_PROCESS: WorkflowWorkersOutput = { mode: "in-process", desired: 0, min: 0, max: 0, memoryLimitBytes: null, workers: [], scaling: null };

async function getWorkflowWorkers(): Promise<WorkflowWorkersOutput> {
  const fleet = await listWorkerFleet();
  return fleet ? { mode: "processes", ...fleet } : IN_PROCESS;
}

const getWorkflowWorkersRoute = defineRoute({
  method: "get",
  path: "/v1/ops/workflow-workers",
  summary: "The workflow worker processes, their memory and the worker scaler's latest decision",
  tags: ["ops"],
  tier: "core",
  access: { scope: "platform", roles: "any" },
  response: { status: 200, schema: workflowWorkersSchema, description: "The worker fleet" },
  handler: () => getWorkflowWorkers(),
});

export function registerWorkflowFleetRoutes(app: OpenAPIHono<ApiEnv>): void {
  getWorkflowWorkersRoute(app);
}

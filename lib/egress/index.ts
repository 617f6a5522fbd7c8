// Outbound HTTP under an egress policy: one client for every request the platform makes on a
// customer's behalf (workflow http steps, alert webhooks), and the policy's own settings.
export { egressRequest, type EgressInit, type EgressResponse } from "./client";
export { EgressConnectionError, EgressDeniedError, type EgressRule } from "./errors";
export { checkUrl, defaultEgressPolicy, type EgressPolicy } from "./policy";
export type { Resolver } from "./resolver";
export { egressPolicyRoutes } from "./routes";
export { loadWorkflowEgressPolicy, stepEgressFor } from "./workflow-policy";

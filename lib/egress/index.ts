// Outbound HTTP under an egress policy: one client for every request the platform makes on a
// customer's behalf (workflow http steps, alert webhooks), and the policy's own settings.
export { egressRequest, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_REDIRECTS, type EgressInit, type EgressResponse } from "./client";
export { EgressConnectionError, EgressDeniedError, type EgressRule } from "./errors";
export { checkUrl, defaultEgressPolicy, type EgressPolicy } from "./policy";
export { systemResolver, type Resolver } from "./resolver";
export { egressPolicyRoutes } from "./routes";
export { loadWorkflowEgressPolicy, stepEgressFor } from "./workflow-policy";

// Outbound HTTP under an egress policy: one client for every request the platform makes on a
// customer's behalf (workflow http steps, alert webhooks).
export { classifyAddress, type AddressKind } from "./addresses";
export { egressRequest, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_REDIRECTS, type EgressInit, type EgressResponse } from "./client";
export { EgressConnectionError, EgressDeniedError, EGRESS_RULES, type EgressRule } from "./errors";
export { checkUrl, defaultEgressPolicy, hostMatches, type EgressPolicy } from "./policy";
export { systemResolver, type Resolver } from "./resolver";

import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { env, type Env } from "@/lib/env";
import { DEFAULT_ALLOWED_PORTS, defaultEgressPolicy, type EgressPolicy } from "./policy";
import { readPolicyLists } from "./repo";

/**
 * The policy a tenant's workflow steps run under: the tenant's allow-list, the platform's
 * deny-list, the operator's settings, and the app itself (its public host name and its ports).
 */
export function workflowEgressPolicyFrom(config: Env, lists: { allowHosts: string[]; denyHosts: string[] }): EgressPolicy {
  const ownPorts = [config.PORT, ...(config.WORKER_METRICS_PORT ? [config.WORKER_METRICS_PORT] : [])];
  return defaultEgressPolicy({
    allowHosts: lists.allowHosts,
    denyHosts: lists.denyHosts,
    allowPrivate: config.WORKFLOW_EGRESS_ALLOW_PRIVATE,
    allowedPorts: [...DEFAULT_ALLOWED_PORTS, ...config.WORKFLOW_EGRESS_ALLOWED_PORTS],
    allowedAddresses: config.WORKFLOW_EGRESS_ALLOWED_ADDRESSES,
    selfHostnames: [new URL(config.APP_URL).hostname],
    selfPorts: ownPorts,
  });
}

/** Read from the primary: a host just removed from the allow-list must not be called a moment later. */
export async function loadWorkflowEgressPolicy(client: PrismaClient | Prisma.TransactionClient, tenantId: string): Promise<EgressPolicy> {
  return workflowEgressPolicyFrom(env(), await readPolicyLists(client, tenantId));
}

/** What a workflow step gets to reach the outside: its tenant's policy, read per request. */
export function stepEgressFor(client: PrismaClient, tenantId: string): { policy(): Promise<EgressPolicy> } {
  return { policy: () => loadWorkflowEgressPolicy(client, tenantId) };
}

import { defineRoute } from "@/lib/http/define-route";
import { allowedHostsInputSchema, allowedHostsSchema, deniedHostsInputSchema, deniedHostsSchema } from "./schemas";
import { getAllowedHosts, getDeniedHosts, setAllowedHosts, setDeniedHosts } from "./service";

/** The egress policy's routes; the workflow domain mounts them with its own. */
export const egressPolicyRoutes = [
  defineRoute({
    method: "get",
    path: "/v1/workflow-egress/allowed-hosts",
    summary: "The hosts this tenant's workflow http steps may call (empty: any public host)",
    tags: ["workflows"],
    access: { scope: "tenant", roles: "any" },
    tier: "standard",
    area: "workflows",
    response: { status: 200, schema: allowedHostsSchema, description: "The tenant's allow-list" },
    handler: ({ ctx }) => getAllowedHosts(ctx),
  }),
  defineRoute({
    method: "put",
    path: "/v1/workflow-egress/allowed-hosts",
    summary: "Replace the tenant's allow-list of hosts (exact or `*.domain`; audited)",
    tags: ["workflows"],
    access: { scope: "tenant", roles: ["admin"] },
    tier: "standard",
    area: "workflows",
    request: { body: allowedHostsInputSchema },
    response: { status: 200, schema: allowedHostsSchema, description: "The saved allow-list" },
    handler: ({ ctx, body }) => setAllowedHosts(ctx, body),
  }),
  defineRoute({
    method: "get",
    path: "/v1/ops/egress/denied-hosts",
    summary: "Hosts no workflow step of any tenant may call, and whether private addresses are allowed",
    tags: ["ops"],
    access: { scope: "platform", roles: "any" },
    tier: "core",
    response: { status: 200, schema: deniedHostsSchema, description: "The platform's deny-list" },
    handler: ({ ctx }) => getDeniedHosts(ctx),
  }),
  defineRoute({
    method: "put",
    path: "/v1/ops/egress/denied-hosts",
    summary: "Replace the platform's deny-list of hosts (platform admin, step-up, audited)",
    tags: ["ops"],
    access: { scope: "platform", roles: ["admin"] },
    tier: "core",
    request: { body: deniedHostsInputSchema },
    response: { status: 200, schema: deniedHostsSchema, description: "The saved deny-list" },
    handler: ({ ctx, body }) => setDeniedHosts(ctx, body),
  }),
];

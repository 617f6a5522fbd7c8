import { z } from "@hono/zod-openapi";

/* The egress policy's API contract: a tenant's allow-list, the platform's deny-list. Pure zod. */

export const MAX_ALLOWED_HOSTS = 200;
export const MAX_DENIED_HOSTS = 1000;

/** `api.example.com`, `*.example.com`, or an IP address; stored lowercase without a trailing dot. */
export const hostPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .min(1)
      .max(253)
      .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$|^\[?[0-9a-f:.]+\]?$/, "a host name, `*.` and a domain, or an IP address"),
  );

const uniqueHosts = (hosts: string[]) => new Set(hosts).size === hosts.length;

export const allowedHostsInputSchema = z
  .strictObject({ hosts: z.array(hostPatternSchema).max(MAX_ALLOWED_HOSTS).refine(uniqueHosts, "each host once") })
  .openapi("EgressAllowedHostsInput");
export type AllowedHostsInput = z.infer<typeof allowedHostsInputSchema>;

export const allowedHostsSchema = z
  .object({
    hosts: z.array(z.string()),
    /** Empty: any public host may be called; otherwise only these (the deny-list still applies). */
    mode: z.enum(["any_public_host", "only_listed_hosts"]),
  })
  .openapi("EgressAllowedHosts");
export type AllowedHostsOutput = z.infer<typeof allowedHostsSchema>;

const deniedHostSchema = z.object({ pattern: z.string(), reason: z.string() });

export const deniedHostsInputSchema = z
  .strictObject({
    hosts: z
      .array(z.strictObject({ pattern: hostPatternSchema, reason: z.string().trim().max(500).default("") }))
      .max(MAX_DENIED_HOSTS)
      .refine((hosts) => uniqueHosts(hosts.map((host) => host.pattern)), "each host once"),
  })
  .openapi("EgressDeniedHostsInput");
export type DeniedHostsInput = z.infer<typeof deniedHostsInputSchema>;

export const deniedHostsSchema = z
  .object({
    hosts: z.array(deniedHostSchema),
    /** WORKFLOW_EGRESS_ALLOW_PRIVATE: steps may reach private and loopback addresses. */
    allowPrivate: z.boolean(),
  })
  .openapi("EgressDeniedHosts");
export type DeniedHostsOutput = z.infer<typeof deniedHostsSchema>;

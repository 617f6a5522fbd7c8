import { z } from "zod";
import { SIZING_TIERS } from "./tiers";

const sizingTierSchema = z.enum(SIZING_TIERS);

export const sizingQuerySchema = z.object({
  activeUsers: z.coerce.number().int().min(0).max(100_000_000),
});

export const postgresqlExportQuerySchema = z.object({ tier: sizingTierSchema.default("small") });

// Names go into generated config files, so only plain DNS names, IPv4 or [IPv6] literals pass:
// no whitespace, `;`, `{` or quotes that could end a directive.
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6_LITERAL = /^\[[0-9a-f:.]{2,45}\]$/i;
const MAX_UPSTREAMS = 64;

export const upstreamSchema = z.string().refine((value) => {
  const [, host = "", port = ""] = /^(.+):(\d{1,5})$/.exec(value) ?? [];
  return (HOSTNAME.test(host) || IPV6_LITERAL.test(host)) && Number(port) >= 1 && Number(port) <= 65535;
}, "expected host:port (a DNS name, IPv4 or [IPv6] address and a port 1-65535)");

export const nginxExportQuerySchema = z.object({
  upstreams: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? undefined : value.split(",").map((entry) => entry.trim())))
    .pipe(
      z
        .array(upstreamSchema)
        .min(1)
        .max(MAX_UPSTREAMS)
        .refine((list) => new Set(list).size === list.length, "each upstream may appear only once")
        .optional(),
    ),
  listenPort: z.coerce.number().int().min(1).max(65535).default(80),
  serverName: z.string().regex(HOSTNAME, "expected a DNS name").optional(),
});

export const kubernetesExportQuerySchema = z.object({
  tier: sizingTierSchema.default("small"),
  // An image reference (registry/name:tag or @sha256:digest); nothing in it needs quoting.
  image: z
    .string()
    .max(255)
    .regex(/^[a-z0-9][a-z0-9._/:@-]*$/, "expected an image reference such as registry.example.com/agency-toolkit:1.4.0")
    .default("agency-toolkit:latest"),
});

const machineSchema = z.object({ vcpus: z.number(), memoryGb: z.number() });

export const sizingRecommendationSchema = z.object({
  activeUsers: z.int(),
  tier: sizingTierSchema,
  current: z.object({
    instances: z.int(),
    vcpusPerInstance: z.number(),
    memoryGbPerInstance: z.number(),
    writePoolMax: z.int(),
    readPoolMax: z.int(),
  }),
  recommended: z.object({
    activeUsers: z.object({ min: z.int(), max: z.int().nullable() }),
    app: machineSchema.extend({ minInstances: z.int(), maxInstances: z.int(), storageGb: z.number() }),
    database: z.object({ master: machineSchema.extend({ storageGb: z.number() }), replicas: machineSchema.extend({ count: z.int(), storageGb: z.number().optional() }) }),
    cache: machineSchema.extend({ nodes: z.int() }),
    loadBalancer: machineSchema.extend({ instances: z.int() }),
    cdn: z.string().nullable(),
    pools: z.object({ writePoolMin: z.int(), writePoolMax: z.int(), readPoolMax: z.int() }),
    postgresql: z.record(z.string(), z.string()),
  }),
  changes: z.array(
    z.object({
      item: z.string(),
      current: z.union([z.string(), z.number()]).nullable(),
      recommended: z.union([z.string(), z.number()]),
      reason: z.string(),
    }),
  ),
});
export type SizingRecommendationOutput = z.infer<typeof sizingRecommendationSchema>;

const headroomSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("top-tier") }),
  z.object({ kind: z.literal("no-trend"), reason: z.string() }),
  z.object({ kind: z.literal("not-growing"), perDay: z.number() }),
  z.object({ kind: z.literal("already-over"), threshold: z.number() }),
  z.object({ kind: z.literal("crossing"), threshold: z.number(), perDay: z.number(), at: z.iso.datetime(), earliest: z.iso.datetime(), latest: z.iso.datetime().nullable() }),
]);

/** GET /v1/ops/sizing/live: the tier from live load, what to change, and when the next tier is due. */
export const liveSizingSchema = z.object({
    activeUsers: z.object({ last5m: z.int(), last1h: z.int(), last24h: z.int() }),
    /** The latest sampled request rate, all instances (null: no sample in the last 15 minutes). */
    requestRatePerSecond: z.number().nullable(),
    sizing: sizingRecommendationSchema,
    /** Active users (24 h) over the last 7 days, one point per hour: [epoch ms, users]. */
    history: z.array(z.tuple([z.number(), z.number()])),
    headroom: headroomSchema,
  });
export type LiveSizingOutput = z.infer<typeof liveSizingSchema>;

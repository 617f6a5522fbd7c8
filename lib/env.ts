import { z } from "zod";
import { alertingEnvShape } from "@/lib/alerting/config";
import { cacheEnvShape } from "@/lib/cache/config";
import { dbEnvShape } from "@/lib/db/config";
import { egressEnvShape } from "@/lib/egress/config";
import { moduleEnvShape } from "@/lib/modules/config";
import { notificationEnvShape } from "@/lib/notifications/config";
import { workflowEnvShape } from "@/lib/workflows/config";

/**
 * The only reader of process.env. Parsed once, on first use, so a bad configuration fails at
 * start-up with one message listing every problem instead of a crash deep inside a request.
 */
const commaList = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").map((part) => part.trim()).filter(Boolean));

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL");

/**
 * Synchronous replication (lib/db/synchronous-mode.ts): the primary acknowledges a commit only
 * once the replica has it (`on`: flushed; `remote_apply`: replayed, visible to its reads).
 * Strict: with the replica down, writes wait for it; not strict: the control loop drops to
 * asynchronous after a few seconds and back once the replica streams again.
 */
const synchronousEnvShape = {
  DB_SYNCHRONOUS_REPLICA: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  DB_SYNCHRONOUS_COMMIT: z.enum(["on", "remote_apply"]).default("on"),
  DB_SYNCHRONOUS_STRICT: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
};

/** For `npm start`, which sets up the embedded cluster before the app's full settings exist. */
export function parseSynchronousEnv(source: Record<string, string | undefined>) {
  return z.object(synchronousEnvShape).parse(source);
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Public origin of the app; sign-in cookies and the CSRF check trust it. */
  APP_URL: z.url().optional(),
  DATABASE_URL: postgresUrl,
  DATABASE_REPLICA_URLS: commaList.pipe(z.array(postgresUrl)),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)"),
  /**
   * Signs the audit log's head (lib/audit): a key the database never holds, so a database
   * superuser who rewrites the log cannot re-sign it. Unset: no signed head, no checkpoints.
   */
  AUDIT_HEAD_KEY: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * Production requires an https:// APP_URL, so session cookies are Secure; this lets it serve
   * plain http (`npm start` sets it for a loopback APP_URL, which only this machine can reach).
   */
  ALLOW_INSECURE_COOKIES: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  /**
   * The app runs as a demo: accounts with the public demo password may exist in production.
   * `npm start` sets it on its embedded database and with `--demo`; never set it for real users.
   */
  DEMO_MODE: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * Failed sign-ins (and password re-entries) allowed per account in one window; every app
   * process shares the counts (lib/auth/sign-in-limiter.ts).
   */
  SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Failed sign-ins allowed per client address, and for the whole platform, in one window. */
  SIGN_IN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  SIGN_IN_MAX_GLOBAL: z.coerce.number().int().min(1).default(1000),
  /**
   * Proxies (IPs or CIDRs) whose X-Forwarded-For is believed; from any other peer the socket
   * address is the client's. Default none.
   */
  TRUSTED_PROXIES: commaList,
  /** How long a re-entered password (or a fresh sign-in) unlocks dangerous actions. */
  STEP_UP_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Session lifetimes (lib/auth/session-lifetimes): platform-role holders get shorter ones. */
  SESSION_PLATFORM_MAX_HOURS: z.coerce.number().positive().default(12),
  SESSION_PLATFORM_IDLE_MINUTES: z.coerce.number().positive().default(30),
  SESSION_TENANT_MAX_DAYS: z.coerce.number().positive().default(7),
  SESSION_TENANT_IDLE_HOURS: z.coerce.number().positive().default(24),
  /** Largest accepted request body for the API. */
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Production runs app instances under a local supervisor (node:cluster) so they can scale. */
  APP_CLUSTER: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  APP_INSTANCES: z.coerce.number().int().min(1).default(1),
  APP_MIN_INSTANCES: z.coerce.number().int().min(1).default(1),
  APP_MAX_INSTANCES: z.coerce.number().int().min(1).default(4),
  /**
   * Under the local supervisor, workflow workers run as processes of their own, scaled between
   * these bounds by the guide's orchestration rules (0 keeps them inside the app instances).
   */
  WORKFLOW_WORKER_PROCESSES_MIN: z.coerce.number().int().min(0).max(64).default(2),
  WORKFLOW_WORKER_PROCESSES_MAX: z.coerce.number().int().min(1).max(64).default(10),
  /** A worker process's memory budget: resident memory over it is the scaler's "memory usage". */
  WORKFLOW_WORKER_MEMORY_LIMIT_MB: z.coerce.number().int().min(64).default(512),
  /** The worker scaler's pause after a change, and how long calm must last before a step down. */
  WORKFLOW_WORKER_SCALING_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(60),
  WORKFLOW_WORKER_SCALING_IDLE_SECONDS: z.coerce.number().int().min(0).default(300),
  /** `npm run worker` on its own answers GET /metrics and /health on this port (for a scrape target). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Set by the supervisor on the processes it forks as workflow workers; not for operators. */
  AGENCY_PROCESS_ROLE: z.enum(["app", "workflow-worker"]).default("app"),
  /** The control loop scales the local instances with the HPA algorithm and the guide's policy. */
  AUTOSCALING_ENABLED: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  /** What one instance "requests", the denominator of utilization (Node runs JS on one core). */
  APP_CPU_REQUEST_MILLICORES: z.coerce.number().int().min(10).default(1000),
  APP_MEMORY_REQUEST_MB: z.coerce.number().int().min(16).default(512),
  /** Overrides the policy's scale-down stabilization window (the guide: 300 s). */
  AUTOSCALING_SCALE_DOWN_STABILIZATION_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  /** Run the control loop (metric sampling, rules) on this instance when elected. */
  CONTROL_LOOP_ENABLED: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  METRICS_SAMPLE_INTERVAL_SECONDS: z.coerce.number().min(1).default(15),
  /** How often each instance re-reads the circuit breaker's state; the fallback when Redis pub/sub is absent. */
  CIRCUIT_BREAKER_POLL_MS: z.coerce.number().int().min(100).max(5000).default(2000),
  /** How long before an emergency override lapses its owner is reminded. */
  OVERRIDE_REMINDER_MINUTES: z.coerce.number().int().min(1).max(120).default(10),
  /**
   * What scales the app: `local` forks instances under the supervisor; `kubernetes` scales a
   * Deployment and its HPA (kubeconfig from client-node's usual in-cluster / KUBECONFIG loading).
   */
  ORCHESTRATOR: z.enum(["local", "kubernetes"]).default("local"),
  KUBERNETES_NAMESPACE: z.string().min(1).default("default"),
  KUBERNETES_DEPLOYMENT: z.string().min(1).default("agency-toolkit"),
  KUBERNETES_HPA: z.string().min(1).default("agency-toolkit-hpa"),
  /** Read metric history from this Prometheus instead of our own samples. */
  PROMETHEUS_URL: z.url().optional(),
  /**
   * A heap snapshot holds every secret in the process: unset means on outside production and off
   * in it (lib/diagnostics/heap-snapshots.ts decides). The folder is relative to the working dir.
   */
  HEAP_SNAPSHOTS_ENABLED: z.enum(["true", "false"]).optional().transform((value) => (value === undefined ? undefined : value === "true")),
  HEAP_SNAPSHOT_DIR: z.string().min(1).default(".data/heap-snapshots"),
  /**
   * Where the break-glass journal lives while the database primary is unreachable (a promotion's
   * request, approval and step-ups). Every instance on this machine must share it; with REDIS_URL
   * the journal is kept in Redis instead.
   */
  BREAK_GLASS_DIR: z.string().min(1).default(".data/break-glass"),
  ...synchronousEnvShape,
  // Each subsystem declares its own settings beside its code.
  ...dbEnvShape,
  ...cacheEnvShape,
  ...alertingEnvShape,
  ...moduleEnvShape,
  ...workflowEnvShape,
  ...egressEnvShape,
  ...notificationEnvShape,
});

export type Env = z.infer<typeof envSchema> & { APP_URL: string; secureCookies: boolean };

export class ConfigError extends Error {}

/**
 * What production must have that development may skip: open endpoints there are open to everyone,
 * and a session cookie sent over plain http can be read on the way. (Accounts with the public
 * demo password are checked against the database at start-up: lib/auth/demo-passwords.ts.)
 */
function productionProblems(config: z.infer<typeof envSchema>, appUrl: string): string[] {
  if (config.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (!config.METRICS_TOKEN) problems.push("METRICS_TOKEN: required (without it /api/metrics and the readiness details are open to anyone)");
  if (!config.WORKFLOW_SECRETS_KEY) problems.push("WORKFLOW_SECRETS_KEY: required (it encrypts the secret headers of workflow steps; `openssl rand -hex 32`)");
  if (!appUrl.startsWith("https://") && !config.ALLOW_INSECURE_COOKIES) {
    const given = config.APP_URL ? `is ${appUrl}` : `is unset, so ${appUrl}`;
    problems.push(`APP_URL: must be https:// so session cookies are Secure (it ${given}); set ALLOW_INSECURE_COOKIES=true only where no one can listen in (this machine, a trial)`);
  }
  return problems;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "env"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const appUrl = result.data.APP_URL ?? `http://localhost:${result.data.PORT}`;
  const production = productionProblems(result.data, appUrl);
  if (production.length > 0) throw new ConfigError(`Invalid configuration for NODE_ENV=production:\n${production.map((problem) => `  - ${problem}`).join("\n")}`);
  return { ...result.data, APP_URL: appUrl, secureCookies: appUrl.startsWith("https://") };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

const logLevelSchema = z.enum(["debug", "info", "warn", "error", "silent"]).catch("info");

/**
 * The log level alone, without requiring the rest of the configuration: code that runs outside
 * the app (scripts, tests of one module) still logs, and a bad configuration can still be logged.
 */
export function logLevel(): Env["LOG_LEVEL"] {
  return cached?.LOG_LEVEL ?? logLevelSchema.parse(process.env.LOG_LEVEL ?? "info");
}

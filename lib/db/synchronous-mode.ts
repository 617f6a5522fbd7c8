import { randomUUID } from "node:crypto";
import pg from "pg";
import type { AuditEntryInput } from "@/lib/audit";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";

// Synchronous replication (DB_SYNCHRONOUS_REPLICA): the primary names its replica in
// synchronous_standby_names (the server's configuration: postgresql.conf, or an include file the
// embedded cluster writes), so a commit is acknowledged only once the replica has it. Strict,
// writes wait while the replica is away. Not strict, the elected control loop runs the keeper
// below: it drops the primary to asynchronous with ALTER SYSTEM when no standby has been
// synchronous for a few seconds, and resets that (back to the configured names) once one streams.

const QUERY_TIMEOUT_MS = 2_000;
const KEEPER_INTERVAL_MS = 1_000;
const DEGRADE_AFTER_MS = 3_000;

export type SynchronousState = {
  /** synchronous_standby_names in force; empty: asynchronous. */
  standbyNames: string;
  synchronousCommit: string;
  /** The empty value comes from ALTER SYSTEM (postgresql.auto.conf): the keeper degraded it. */
  isDegraded: boolean;
  /** Standbys a commit waits for now (pg_stat_replication.sync_state sync or quorum). */
  synchronousStandbys: string[];
  streamingStandbys: string[];
};

async function withPrimary<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: QUERY_TIMEOUT_MS, statement_timeout: QUERY_TIMEOUT_MS, application_name: "agency-toolkit-synchronous-mode" });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function queryState(client: pg.Client): Promise<SynchronousState> {
  const { rows } = await client.query<{ names: string; commit: string; sourcefile: string | null }>(
    `select current_setting('synchronous_standby_names') as names, current_setting('synchronous_commit') as commit,
            (select sourcefile from pg_settings where name = 'synchronous_standby_names') as sourcefile`,
  );
  const standbys = await client.query<{ application_name: string; sync_state: string | null }>("select application_name, sync_state from pg_stat_replication where state = 'streaming'");
  const setting = rows[0]!;
  return {
    standbyNames: setting.names,
    synchronousCommit: setting.commit,
    isDegraded: setting.names === "" && (setting.sourcefile ?? "").endsWith("postgresql.auto.conf"),
    synchronousStandbys: standbys.rows.filter((row) => row.sync_state === "sync" || row.sync_state === "quorum").map((row) => row.application_name),
    streamingStandbys: standbys.rows.map((row) => row.application_name),
  };
}

/** The primary's synchronous replication as it is now (its own short connection: a pool may be full of waiting commits). */
export function readSynchronousState(primaryUrl: string): Promise<SynchronousState> {
  return withPrimary(primaryUrl, queryState);
}

type KeeperOptions = {
  /** The current primary's URL, read on every check (a promotion moves it). */
  primaryUrl(): string;
  recordAudit(entry: AuditEntryInput): Promise<unknown>;
  degradeAfterMs?: number;
  intervalMs?: number;
  now?(): number;
};

/** Non-strict synchronous mode: asynchronous while the synchronous standby is away, synchronous again once it streams. */
export class SynchronousModeKeeper {
  private readonly task: PeriodicTask;
  private unsynchronizedSince: number | undefined;

  constructor(private readonly options: KeeperOptions) {
    this.task = new PeriodicTask("synchronous mode keeper", options.intervalMs ?? KEEPER_INTERVAL_MS, () => this.check());
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
    this.unsynchronizedSince = undefined;
  }

  /** One look at the primary; returns the switch it made, if any. */
  async check(): Promise<"degraded" | "restored" | null> {
    const now = this.options.now?.() ?? Date.now();
    return withPrimary(this.options.primaryUrl(), async (client) => {
      const state = await queryState(client);
      if (state.standbyNames !== "" && state.synchronousStandbys.length === 0) {
        this.unsynchronizedSince ??= now;
        if (now - this.unsynchronizedSince < (this.options.degradeAfterMs ?? DEGRADE_AFTER_MS)) return null;
        await client.query("alter system set synchronous_standby_names = ''");
        await client.query("select pg_reload_conf()");
        this.unsynchronizedSince = undefined;
        await this.report("degrade", state, "", now);
        return "degraded";
      }
      this.unsynchronizedSince = undefined;
      if (!state.isDegraded || state.streamingStandbys.length === 0) return null;
      await client.query("alter system reset synchronous_standby_names");
      await client.query("select pg_reload_conf()");
      // What the reset fell back to: the configured names (from pg_file_settings' view of the
      // config files, which this session's own settings only catch up with on its next reload).
      const configured = await client.query<{ names: string }>(
        "select setting as names from pg_file_settings where name = 'synchronous_standby_names' and applied order by seqno desc limit 1",
      ).catch(() => ({ rows: [] as { names: string }[] }));
      await this.report("restore", state, configured.rows[0]?.names ?? "(configured)", now);
      return "restored";
    });
  }

  private async report(verb: "degrade" | "restore", before: SynchronousState, standbyNames: string, now: number): Promise<void> {
    const message = verb === "degrade" ? "no synchronous standby streams: the primary now commits asynchronously" : "a standby streams again: the primary commits synchronously again";
    const fields = { standbyNamesBefore: before.standbyNames, standbyNames, streaming: before.streamingStandbys };
    if (verb === "degrade") logger.warn(message, fields);
    else logger.info(message, fields);
    await this.options.recordAudit({
      actorUserId: "system",
      actorEmail: "system:synchronous-mode",
      tenantId: null,
      action: `synchronous_mode.${verb}`,
      target: "database:primary",
      before: { standbyNames: before.standbyNames, streaming: before.streamingStandbys },
      after: { standbyNames, at: new Date(now).toISOString() },
      requestId: `synchronous-mode:${randomUUID()}`,
    });
  }
}

export type SynchronousModeStatus = {
  /** What the settings ask for: `async`, or synchronous with this synchronous_commit. */
  configured: "async" | "on" | "remote_apply";
  strict: boolean;
  /** In force on the primary now; null when it did not answer. */
  standbyNames: string | null;
  synchronousCommit: string | null;
  isStandbySynchronous: boolean | null;
  isDegraded: boolean | null;
  error?: string;
};

/** The ops view of the mode: what is configured and what the primary does now. */
export async function describeSynchronousMode(
  settings: { DB_SYNCHRONOUS_REPLICA: boolean; DB_SYNCHRONOUS_COMMIT: "on" | "remote_apply"; DB_SYNCHRONOUS_STRICT: boolean },
  primaryUrl: string,
): Promise<SynchronousModeStatus> {
  const configured = { configured: settings.DB_SYNCHRONOUS_REPLICA ? settings.DB_SYNCHRONOUS_COMMIT : ("async" as const), strict: settings.DB_SYNCHRONOUS_STRICT };
  try {
    const state = await readSynchronousState(primaryUrl);
    return { ...configured, standbyNames: state.standbyNames, synchronousCommit: state.synchronousCommit, isStandbySynchronous: state.synchronousStandbys.length > 0, isDegraded: state.isDegraded };
  } catch (error) {
    return { ...configured, standbyNames: null, synchronousCommit: null, isStandbySynchronous: null, isDegraded: null, error: error instanceof Error ? error.message : String(error) };
  }
}

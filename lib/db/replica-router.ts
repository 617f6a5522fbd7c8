import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import type { ObservedPool } from "./observed-pool";
import { samplePrimary, sampleReplica, type ReplicaSample, type StandbyStream } from "./replication";
import { chooseReadTarget, isInRotation, orderFallbackReplicas, type ReadDecision } from "./routing-rules";

export type ReplicaTarget = { name: string; url: string; pool: ObservedPool; prisma: PrismaClient };

export type ReplicaStatus = ReplicaSample & { name: string; healthy: boolean; inRotation: boolean; checkedAt: string | null };
export type ReplicationStatus = { sampledAt: string | null; primaryReachable: boolean; standbys: StandbyStream[]; replicas: ReplicaStatus[] };

/** How often a primary known to be down is asked again, between the regular samples. */
const PRIMARY_RECHECK_MS = 1_000;

/**
 * Keeps each replica's health and lag fresh (one sample every interval) and decides where reads
 * go. A replica that fails to answer leaves the rotation at once and returns when a later
 * sample finds it healthy and caught up. The primary's reachability is kept the same way: a
 * failed connection marks it down at once, and a probe that answers marks it up again.
 */
export class ReplicaRouter {
  private status: ReplicationStatus;
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<ReplicationStatus> | undefined;
  private primaryRecheck: NodeJS.Timeout | undefined;
  /** After stop() (the pools are closing): no more probes of any kind. */
  private isStopped = false;
  /** Replicas promoted to primary: no longer sampled or read from as replicas. */
  private readonly retired = new Set<string>();
  /** The last sample taken while the primary answered: a replica's lag then bounds what a failover loses. */
  private lastWithPrimary: ReplicationStatus | undefined;
  /** Told when a reachable replica reports it is out of recovery (it may have been promoted). */
  onReplicaOutOfRecovery: ((name: string) => void) | undefined;

  constructor(
    private readonly primaryPool: ObservedPool,
    readonly replicas: ReplicaTarget[],
    private readonly settings: { maxLagSeconds: number; healthIntervalMs: number },
  ) {
    this.status = {
      sampledAt: null,
      primaryReachable: true,
      standbys: [],
      replicas: replicas.map((replica) => ({ name: replica.name, ...unknownSample(), healthy: false, inRotation: false, checkedAt: null })),
    };
  }

  start(): void {
    if (this.timer || this.replicas.length === 0) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.settings.healthIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.isStopped = true;
    clearInterval(this.timer);
    clearTimeout(this.primaryRecheck);
    this.timer = undefined;
    this.primaryRecheck = undefined;
  }

  isPrimaryReachable(): boolean {
    return this.status.primaryReachable;
  }

  /**
   * A connection to the primary failed: reads that want fresh data go to a replica from now on,
   * without trying the primary per request (a dead host costs a connect timeout each time),
   * until a background probe finds it answering again.
   */
  markPrimaryUnreachable(error: unknown): void {
    if (this.status.primaryReachable) {
      logger.warn("the database primary is unreachable: fresh reads go to a replica", { err: error instanceof Error ? error.message : String(error) });
      this.status = { ...this.status, primaryReachable: false };
    }
    this.schedulePrimaryRecheck();
  }

  /** The primary answered (a probe, or the server a promotion made primary). */
  markPrimaryReachable(): void {
    if (!this.status.primaryReachable) logger.info("the database primary answers again");
    this.status = { ...this.status, primaryReachable: true };
    clearTimeout(this.primaryRecheck);
    this.primaryRecheck = undefined;
  }

  /** Probes the primary about every second while it is down, so recovery is seen before the next full sample. */
  private schedulePrimaryRecheck(): void {
    if (this.primaryRecheck || this.isStopped) return;
    this.primaryRecheck = setTimeout(() => {
      void samplePrimary(this.primaryPool).then(
        () => this.markPrimaryReachable(),
        () => {
          this.primaryRecheck = undefined;
          if (!this.status.primaryReachable) this.schedulePrimaryRecheck();
        },
      );
    }, PRIMARY_RECHECK_MS);
    this.primaryRecheck.unref();
  }

  current(): ReplicationStatus {
    return this.status;
  }

  lastSampleWithPrimary(): ReplicationStatus | undefined {
    return this.lastWithPrimary;
  }

  /** Samples now (concurrent callers share one sample). */
  sample(): Promise<ReplicationStatus> {
    this.sampling ??= this.takeSample().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  decide(recentWrite: boolean): ReadDecision {
    const replicas = this.status.replicas.map(({ name, healthy, lagSeconds }) => ({ name, healthy, lagSeconds }));
    return chooseReadTarget(replicas, { maxLagSeconds: this.settings.maxLagSeconds, recentWrite, turn: this.turn++ });
  }

  /** The replicas still serving as replicas. */
  activeReplicas(): ReplicaTarget[] {
    return this.replicas.filter((replica) => !this.retired.has(replica.name));
  }

  /** A replica became the primary: it leaves the read rotation and the replica status for good. */
  retire(name: string): void {
    this.retired.add(name);
    this.status = { ...this.status, replicas: this.status.replicas.filter((replica) => replica.name !== name) };
  }

  replica(name: string): ReplicaTarget {
    const target = this.replicas.find((replica) => replica.name === name);
    if (!target) throw new Error(`unknown replica ${name}`);
    return target;
  }

  /** The replicas to read from, in order, when the primary cannot answer (see orderFallbackReplicas). */
  fallbackReplicas(): ReplicaTarget[] {
    const candidates = this.status.replicas.map(({ name, healthy, lagSeconds, checkedAt }) => ({ name, healthy, lagSeconds, unchecked: checkedAt === null }));
    return orderFallbackReplicas(candidates).map((name) => this.replica(name));
  }

  /** A read on this replica failed to connect: out of rotation until a sample says otherwise. */
  markUnreachable(name: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn("replica left the read rotation", { replica: name, err: message });
    this.status = {
      ...this.status,
      replicas: this.status.replicas.map((replica) => (replica.name === name ? { ...replica, reachable: false, healthy: false, inRotation: false, error: message, checkedAt: new Date().toISOString() } : replica)),
    };
  }

  private async takeSample(): Promise<ReplicationStatus> {
    const targets = this.activeReplicas();
    const primary = await samplePrimary(this.primaryPool).catch(() => undefined);
    const samples = await Promise.all(targets.map((replica) => sampleReplica(replica.pool, primary?.walLsn ?? null)));
    const checkedAt = new Date().toISOString();
    const replicas = samples.map((sample, index): ReplicaStatus => {
      const healthy = sample.reachable && sample.inRecovery;
      if (sample.reachable && !sample.inRecovery) this.onReplicaOutOfRecovery?.(targets[index]!.name);
      const state = { name: targets[index]!.name, healthy, lagSeconds: sample.lagSeconds };
      return { ...sample, name: state.name, healthy, inRotation: isInRotation(state, this.settings.maxLagSeconds), checkedAt };
    });
    this.logRotationChanges(replicas);
    this.status = { sampledAt: checkedAt, primaryReachable: this.status.primaryReachable, standbys: primary?.standbys ?? [], replicas };
    if (primary) {
      this.markPrimaryReachable();
      this.lastWithPrimary = this.status;
    } else {
      this.markPrimaryUnreachable(new Error("the primary did not answer the health sample"));
    }
    return this.status;
  }

  private logRotationChanges(next: ReplicaStatus[]): void {
    for (const replica of next) {
      const before = this.status.replicas.find((previous) => previous.name === replica.name);
      if (before && before.checkedAt !== null && before.inRotation !== replica.inRotation) {
        logger.info(replica.inRotation ? "replica joined the read rotation" : "replica left the read rotation", {
          replica: replica.name,
          lagSeconds: replica.lagSeconds,
          error: replica.error,
        });
      }
    }
  }
}

function unknownSample(): ReplicaSample {
  return { reachable: false, inRecovery: false, replayPaused: false, receiverStatus: null, lagBytes: null, lagSeconds: null };
}

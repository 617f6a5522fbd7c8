import { logger } from "@/lib/logging/logger";
import { CACHE_THRESHOLDS, detectCacheInvalidation, type CacheEvidence, type CacheSample, type CacheThresholds } from "./cache/detect";
import { readCacheInvalidation, type CacheDiagnosticsSource } from "./cache/probe";
import { IncidentLog, type Incident } from "./incidents";
import { detectLockContention, LOCK_THRESHOLDS, type LockEvidence, type LockSample, type LockThresholds, type StatementStats } from "./locks/detect";
import { readBlocking, readSlowStatements } from "./locks/probe";
import { detectMemoryLeak, MEMORY_THRESHOLDS, type MemoryEvidence, type MemorySample, type MemoryThresholds } from "./memory/detect";
import { MemoryProbe } from "./memory/probe";
import { detectPoolExhaustion, POOL_THRESHOLDS, type PoolEvidence, type PoolSample, type PoolThresholds } from "./pool/detect";
import { appTooManyConnectionsTotal, readPools, readServerConnections } from "./pool/probe";
import { DiagnosticsConnection, isTooManyConnections } from "./postgres";
import { RingBuffer } from "./ring-buffer";
import type { DetectorResult } from "./types";

export const DEFAULT_SAMPLE_INTERVAL_MS = 5_000;
/** Memory is judged over the last 15 min (the leak threshold needs ≥ 10 min of it). */
const MEMORY_WINDOW_MS = 15 * 60_000;
/** Charts show the last 10 min of pool and lock samples. */
const CHART_WINDOW_MS = 10 * 60_000;
/** pg_stat_statements changes slowly and its query is not free: read it once a minute. */
const STATEMENTS_EVERY_MS = 60_000;

export type DetectorCard<E> = DetectorResult<E> & { incident: Incident<E> | null; history: Incident<E>[] };

export type DiagnosticsReport = {
  instancePid: number;
  sampledAt: string | null;
  intervalMs: number;
  pool: DetectorCard<PoolEvidence>;
  memory: DetectorCard<MemoryEvidence>;
  locks: DetectorCard<LockEvidence>;
  /** Null when this sampler watches no cache. */
  cache: DetectorCard<CacheEvidence> | null;
};

export type SamplerOptions = {
  /** The server to watch; a function is read before every query (the process's current primary). */
  databaseUrl: string | (() => string);
  intervalMs?: number;
  /** The cache whose invalidations are judged (the process's cache in the app). */
  cache?: CacheDiagnosticsSource;
  thresholds?: { pool?: PoolThresholds; memory?: MemoryThresholds; locks?: LockThresholds; cache?: CacheThresholds };
};

/**
 * Every interval, reads this instance's pools and memory and the server's sessions and locks
 * into bounded buffers, runs the detectors and freezes evidence of any incident. One per
 * process: memory and pools are per instance.
 */
export class DiagnosticsSampler {
  readonly intervalMs: number;
  readonly connection: DiagnosticsConnection;
  private readonly thresholds: { pool: PoolThresholds; memory: MemoryThresholds; locks: LockThresholds; cache: CacheThresholds };
  private readonly cache: CacheDiagnosticsSource | null;
  private readonly memoryProbe = new MemoryProbe();
  private readonly capacity: number;
  private readonly pools: RingBuffer<PoolSample>;
  private readonly memory: RingBuffer<MemorySample>;
  private readonly locks: RingBuffer<LockSample>;
  private readonly caches: RingBuffer<CacheSample>;
  private readonly incidents = {
    pool: new IncidentLog<PoolEvidence>(),
    memory: new IncidentLog<MemoryEvidence>(),
    locks: new IncidentLog<LockEvidence>(),
    cache: new IncidentLog<CacheEvidence>(),
  };
  private statements: { atMs: number; stats: StatementStats } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastSampleMs: number | null = null;
  private latest: Omit<DiagnosticsReport, "instancePid" | "sampledAt" | "intervalMs"> | undefined;

  constructor(options: SamplerOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
    this.thresholds = { pool: POOL_THRESHOLDS, memory: MEMORY_THRESHOLDS, locks: LOCK_THRESHOLDS, cache: CACHE_THRESHOLDS, ...options.thresholds };
    this.cache = options.cache ?? null;
    this.connection = new DiagnosticsConnection(options.databaseUrl);
    this.capacity = Math.ceil(MEMORY_WINDOW_MS / this.intervalMs) + 1;
    this.pools = new RingBuffer(this.capacity);
    this.memory = new RingBuffer(this.capacity);
    this.locks = new RingBuffer(this.capacity);
    this.caches = new RingBuffer(this.capacity);
  }

  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.memoryProbe.stop();
    await this.connection.close();
  }

  /** One sample; overlapping calls share the one in flight. */
  tick(now = new Date()): Promise<void> {
    this.running ??= this.sample(now).finally(() => (this.running = undefined));
    return this.running;
  }

  report(): DiagnosticsReport | null {
    if (!this.latest) return null;
    return { instancePid: process.pid, sampledAt: this.lastSampleMs === null ? null : new Date(this.lastSampleMs).toISOString(), intervalMs: this.intervalMs, ...this.latest };
  }

  private async sample(now: Date): Promise<void> {
    const atMs = now.getTime();
    try {
      const [pools, server, blocking, cacheSample] = await Promise.all([
        readPools(),
        this.attempt(readServerConnections),
        this.attempt(readBlocking),
        this.cache ? readCacheInvalidation(this.cache, atMs) : null,
      ]);
      // 53300 refusals met by the app's pools and by the diagnostics' own connection.
      const tooManyConnectionsTotal = this.connection.tooManyConnectionsTotal + (await appTooManyConnectionsTotal());
      this.pools.push({ atMs, pools, tooManyConnectionsTotal, server });
      this.memory.push(this.memoryProbe.read(atMs));
      this.locks.push({ atMs, blocked: blocking?.blocked ?? [], blockers: blocking?.blockers ?? [], statements: await this.slowStatements(atMs) });
      const recent = <T extends { atMs: number }>(samples: T[], windowMs: number) => samples.filter((sample) => sample.atMs > atMs - windowMs);
      const pool = detectPoolExhaustion(recent(this.pools.toArray(), CHART_WINDOW_MS), this.thresholds.pool);
      const memory = detectMemoryLeak(recent(this.memory.toArray(), MEMORY_WINDOW_MS), this.thresholds.memory);
      const locks = detectLockContention(recent(this.locks.toArray(), CHART_WINDOW_MS), this.thresholds.locks);
      this.incidents.pool.record(pool, now);
      this.incidents.memory.record(memory, now);
      this.incidents.locks.record(locks, now);
      const card = <E>(result: DetectorResult<E>, log: IncidentLog<E>): DetectorCard<E> => ({ ...result, incident: log.current(), history: log.history() });
      let cache: DetectorCard<CacheEvidence> | null = null;
      if (cacheSample) {
        this.caches.push(cacheSample);
        const result = detectCacheInvalidation(recent(this.caches.toArray(), CHART_WINDOW_MS), this.thresholds.cache);
        this.incidents.cache.record(result, now);
        cache = card(result, this.incidents.cache);
      }
      this.latest = { pool: card(pool, this.incidents.pool), memory: card(memory, this.incidents.memory), locks: card(locks, this.incidents.locks), cache };
      this.lastSampleMs = atMs;
    } catch (error) {
      // A missed sample is a gap on the page; it must never take the instance down.
      logger.warn("diagnostics sample failed", { err: error });
    }
  }

  /** A probe that needs the server: null when the server cannot be asked (e.g. 53300). */
  private async attempt<T>(probe: (sql: DiagnosticsConnection) => Promise<T>): Promise<T | null> {
    try {
      return await probe(this.connection);
    } catch (error) {
      if (!isTooManyConnections(error)) logger.warn("diagnostics probe failed", { err: error });
      return null;
    }
  }

  private async slowStatements(atMs: number): Promise<StatementStats> {
    if (!this.statements || atMs - this.statements.atMs >= STATEMENTS_EVERY_MS) {
      this.statements = { atMs, stats: await readSlowStatements(this.connection) };
    }
    return this.statements.stats;
  }
}

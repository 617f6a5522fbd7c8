import pg from "pg";
import type { SubscriptionGap } from "./invalidation-bus";

/** The one PostgreSQL channel every instance LISTENs on; messages name their topic. */
const PG_SIGNAL_CHANNEL = "agency_signals";
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (the default build). */
const MAX_NOTIFY_PAYLOAD_BYTES = 7_999;

const APPLICATION_NAME = "agency-toolkit-signals";
const FIRST_RECONNECT_MS = 100;
const MAX_RECONNECT_MS = 2_000;
/** A NOTIFY stuck behind a dying primary must not hold up the request that sent it. */
const NOTIFY_TIMEOUT_MS = 1_000;
/** During an outage every send fails: one warning per this many milliseconds, with the count. */
const FAILURE_LOG_INTERVAL_MS = 10_000;

/** Where to LISTEN and how to NOTIFY: the primary, followed through promotions. */
export type PgSignalServer = {
  /** The primary's URL now. */
  url(): string;
  /** Calls `listener` when a promotion moves the primary; returns the unsubscribe. */
  onChanged(listener: () => void): () => void;
  /** Sends each payload with pg_notify on `channel`; rejects when the primary can't take it. */
  notify(channel: string, payloads: readonly string[]): Promise<void>;
};

type PgSignalLog = { warn(message: string, fields?: Record<string, unknown>): void; info(message: string, fields?: Record<string, unknown>): void };

type PgSignalChannelOptions = { server: PgSignalServer; now?: () => number; log?: PgSignalLog };

type TopicListener = (body: string) => void;
type GapListener = (gap: SubscriptionGap) => void;

/**
 * Signals between instances without Redis: one LISTEN connection per process on the primary
 * (where every instance's NOTIFYs arrive), shared by topics such as cache invalidations and
 * override announcements. The connection reconnects with backoff and moves to a promoted
 * primary; a time without it is reported as a gap, since NOTIFYs sent meanwhile never reach us.
 * Sending goes through `server.notify` (the write pool), so it fails, logged, while the primary
 * is down; instances listening there lose their connection too and repair through the gap.
 */
export class PgSignalChannel {
  private readonly server: PgSignalServer;
  private readonly now: () => number;
  private readonly log: PgSignalLog;
  private readonly topics = new Map<string, Set<TopicListener>>();
  private readonly gapListeners = new Set<GapListener>();
  private readonly listeningListeners = new Set<() => void>();
  private readonly stopFollowingPrimary: () => void;
  private client: pg.Client | null = null;
  private hasListened = false;
  /** Since when we are not listening (creation, or the connection's loss). */
  private lostAtMs: number;
  /** Bumped when the primary changes: connections begun for the former one give way. */
  private generation = 0;
  private retry: NodeJS.Timeout | null = null;
  private reconnectMs = FIRST_RECONNECT_MS;
  private isClosed = false;
  private failedSends = 0;
  private lastFailureLogMs = -Infinity;

  constructor(options: PgSignalChannelOptions) {
    this.server = options.server;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? { warn: () => {}, info: () => {} };
    this.lostAtMs = this.now();
    this.stopFollowingPrimary = this.server.onChanged(() => this.moveToNewPrimary());
    void this.connect();
  }

  /** Bodies sent on `topic` by any instance (this one included); returns the unsubscribe. */
  subscribe(topic: string, listener: TopicListener): () => void {
    const listeners = this.topics.get(topic) ?? new Set<TopicListener>();
    listeners.add(listener);
    this.topics.set(topic, listeners);
    return () => void listeners.delete(listener);
  }

  /** Called each time LISTEN is back after a time without it; returns the unsubscribe. */
  onResubscribed(listener: GapListener): () => void {
    this.gapListeners.add(listener);
    return () => void this.gapListeners.delete(listener);
  }

  /** Called each time LISTEN is confirmed, the first time included; returns the unsubscribe. */
  onListening(listener: () => void): () => void {
    this.listeningListeners.add(listener);
    return () => void this.listeningListeners.delete(listener);
  }

  isListening(): boolean {
    return this.client !== null;
  }

  lostSinceMs(): number | null {
    return this.client ? null : this.lostAtMs;
  }

  /** Largest body `send` takes on `topic`. */
  maxBodyBytes(topic: string): number {
    return MAX_NOTIFY_PAYLOAD_BYTES - Buffer.byteLength(topic) - 1;
  }

  /** NOTIFYs each body on `topic`; false (logged, never thrown) when one is too big or the primary can't take them. */
  async send(topic: string, bodies: readonly string[]): Promise<boolean> {
    if (bodies.some((body) => Buffer.byteLength(body) > this.maxBodyBytes(topic))) {
      this.log.warn("a signal is too big for NOTIFY; not sent", { topic });
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`NOTIFY took longer than ${NOTIFY_TIMEOUT_MS} ms`)), NOTIFY_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.server.notify(PG_SIGNAL_CHANNEL, bodies.map((body) => `${topic}\n${body}`)), timeout]);
      return true;
    } catch (error) {
      this.reportFailedSend(topic, error);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Instances listening (one connection each), or null while we can't ask. */
  async countListeners(): Promise<number | null> {
    if (!this.client) return null;
    try {
      const result = await this.client.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1", [APPLICATION_NAME]);
      return result.rows[0]?.count || null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.stopFollowingPrimary();
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const generation = this.generation;
    const client = new pg.Client({ connectionString: this.server.url(), application_name: APPLICATION_NAME, keepAlive: true });
    client.on("notification", (message) => this.receive(message.payload));
    let hasEnded = false;
    client.on("error", (error) => this.lose(client, error));
    client.on("end", () => {
      hasEnded = true;
      this.lose(client, null);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_SIGNAL_CHANNEL}`);
      if (hasEnded) throw new Error("the connection ended right after LISTEN");
    } catch (error) {
      void client.end().catch(() => {});
      if (generation !== this.generation || this.isClosed) return;
      if (this.reconnectMs === FIRST_RECONNECT_MS) this.log.warn("signal LISTEN connection failed; retrying", { err: error });
      this.scheduleReconnect();
      return;
    }
    if (this.isClosed || generation !== this.generation) {
      void client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.reconnectMs = FIRST_RECONNECT_MS;
    if (this.hasListened) {
      const gap = { startedAtMs: this.lostAtMs, endedAtMs: this.now() };
      this.log.info("signal LISTEN connection is back", { gapMs: gap.endedAtMs - gap.startedAtMs });
      for (const listener of this.gapListeners) listener(gap);
    }
    this.hasListened = true;
    for (const listener of this.listeningListeners) listener();
  }

  /** The listening connection ended (terminated backend, restart, network): reconnect. */
  private lose(client: pg.Client, error: Error | null): void {
    if (client !== this.client) return;
    this.client = null;
    this.lostAtMs = this.now();
    void client.end().catch(() => {});
    if (this.isClosed) return;
    this.log.warn("signal LISTEN connection lost; reconnecting", { err: error ?? undefined });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isClosed || this.retry) return;
    const delayMs = this.reconnectMs;
    this.reconnectMs = Math.min(this.reconnectMs * 2, MAX_RECONNECT_MS);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, delayMs);
    this.retry.unref();
  }

  private moveToNewPrimary(): void {
    if (this.isClosed) return;
    this.log.info("signal LISTEN connection moves to the new primary");
    this.generation += 1;
    const previous = this.client;
    this.client = null;
    // NOTIFYs sent on the former primary after its promotion never reach the new one.
    if (previous) this.lostAtMs = this.now();
    void previous?.end().catch(() => {});
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.reconnectMs = FIRST_RECONNECT_MS;
    void this.connect();
  }

  private receive(payload: string | undefined): void {
    if (!payload) return;
    const split = payload.indexOf("\n");
    if (split < 0) return;
    const listeners = this.topics.get(payload.slice(0, split));
    if (!listeners) return;
    const body = payload.slice(split + 1);
    for (const listener of listeners) listener(body);
  }

  private reportFailedSend(topic: string, error: unknown): void {
    this.failedSends += 1;
    const nowMs = this.now();
    if (nowMs - this.lastFailureLogMs < FAILURE_LOG_INTERVAL_MS) return;
    this.log.warn("could not NOTIFY the other instances", { topic, failedSinceLastWarning: this.failedSends, err: error });
    this.lastFailureLogMs = nowMs;
    this.failedSends = 0;
  }
}

import type { Redis } from "ioredis";
import { z } from "zod";
import { UNAVAILABLE, type GuardedRedis } from "./guarded-redis";

export const INVALIDATION_CHANNEL = "agency:cache:invalidations";

const invalidationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("keys"), keys: z.array(z.string()) }),
  z.object({ kind: z.literal("tag"), tag: z.string() }),
  z.object({ kind: z.literal("pattern"), pattern: z.string() }),
]);
// `publishedAtMs` is optional: messages from instances of an older release still apply.
const messageSchema = z.intersection(z.object({ origin: z.string(), publishedAtMs: z.number().optional() }), invalidationSchema);

export type Invalidation = z.infer<typeof invalidationSchema>;

/** The subscription was down from `startedAtMs` to `endedAtMs`: messages sent meanwhile are lost. */
export type SubscriptionGap = { startedAtMs: number; endedAtMs: number };

export type InvalidationBusOptions = {
  redis: GuardedRedis;
  instanceId: string;
  /** Milliseconds since the epoch, stamped on sent messages and compared on received ones. */
  now: () => number;
  /** Another instance invalidated something at `publishedAtMs` (null from older senders): drop our L1 copies. */
  onRemoteInvalidation: (invalidation: Invalidation, publishedAtMs: number | null) => void;
  /** The subscription is confirmed again after a gap in which messages may have been missed. */
  onResubscribed: (gap: SubscriptionGap) => void;
};

/**
 * Invalidations between instances over Redis pub/sub. The subscriber is a separate connection
 * (`duplicate()`): a subscribed connection can't run other commands. Messages carry the sender's
 * instance id so an instance ignores its own (it already dropped its L1 copies synchronously),
 * and their publish time so the receiver can measure delivery lag.
 */
export class InvalidationBus {
  private readonly subscriber: Redis;
  private isSubscribed = false;
  private hasBeenSubscribed = false;
  /** Since when we are not subscribed (creation, or the connection's loss). */
  private lostAtMs: number;

  constructor(private readonly options: InvalidationBusOptions) {
    this.lostAtMs = options.now();
    // We subscribe on every "ready" ourselves instead of ioredis' autoResubscribe: ioredis emits
    // "ready" before its SUBSCRIBE is acknowledged, and a message published in between would be
    // lost after we had already declared the gap repaired. The name shows in CLIENT LIST.
    this.subscriber = options.redis.client.duplicate({
      enableOfflineQueue: true,
      commandTimeout: undefined,
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      connectionName: `agency-cache-sub:${options.instanceId}`,
    });
    this.subscriber.on("error", () => {});
    this.subscriber.on("ready", () => void this.subscribe());
    this.subscriber.on("close", () => {
      if (this.isSubscribed) this.lostAtMs = options.now();
      this.isSubscribed = false;
    });
    this.subscriber.on("message", (channel: string, raw: string) => {
      if (channel === INVALIDATION_CHANNEL) this.receive(raw);
    });
  }

  /** Whether invalidations from other instances can reach us right now. */
  isConnected(): boolean {
    return this.isSubscribed && this.subscriber.status === "ready";
  }

  /** Since when invalidations can't reach us, or null while they can. */
  lostSinceMs(): number | null {
    return this.isSubscribed ? null : this.lostAtMs;
  }

  async publish(invalidation: Invalidation): Promise<boolean> {
    const message = JSON.stringify({ origin: this.options.instanceId, publishedAtMs: this.options.now(), ...invalidation });
    const reply = await this.options.redis.run("publish", (client) => client.publish(INVALIDATION_CHANNEL, message));
    return reply !== UNAVAILABLE;
  }

  /** Instances listening for invalidations (each has one subscriber), or null when unknown. */
  async countInstances(): Promise<number | null> {
    const reply = await this.options.redis.run("numsub", (client) => client.pubsub("NUMSUB", INVALIDATION_CHANNEL));
    if (reply === UNAVAILABLE) return null;
    const count = Number((reply as unknown[])[1]);
    return Number.isFinite(count) && count > 0 ? count : null;
  }

  disconnect(): void {
    this.subscriber.disconnect();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(INVALIDATION_CHANNEL);
    } catch {
      return; // the connection dropped again; the next "ready" retries
    }
    this.isSubscribed = true;
    if (this.hasBeenSubscribed) this.options.onResubscribed({ startedAtMs: this.lostAtMs, endedAtMs: this.options.now() });
    this.hasBeenSubscribed = true;
  }

  private receive(raw: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return;
    }
    const message = messageSchema.safeParse(parsed);
    if (!message.success || message.data.origin === this.options.instanceId) return;
    const { origin: _origin, publishedAtMs, ...invalidation } = message.data;
    this.options.onRemoteInvalidation(invalidation as Invalidation, publishedAtMs ?? null);
  }
}

import type { Redis } from "ioredis";
import { UNAVAILABLE, type GuardedRedis } from "./guarded-redis";
import { decodeRemoteInvalidation, encodeInvalidation, type Invalidation, type InvalidationBus, type InvalidationBusHandlers } from "./invalidation-bus";

const INVALIDATION_CHANNEL = "agency:cache:invalidations";

type RedisInvalidationBusOptions = InvalidationBusHandlers & { redis: GuardedRedis };

/**
 * Invalidations between instances over Redis pub/sub. The subscriber is a separate connection
 * (`duplicate()`): a subscribed connection can't run other commands.
 */
export class RedisInvalidationBus implements InvalidationBus {
  private readonly subscriber: Redis;
  private isSubscribed = false;
  private hasBeenSubscribed = false;
  /** Since when we are not subscribed (creation, or the connection's loss). */
  private lostAtMs: number;

  constructor(private readonly options: RedisInvalidationBusOptions) {
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
      if (channel !== INVALIDATION_CHANNEL) return;
      const message = decodeRemoteInvalidation(raw, options.instanceId);
      if (message) options.onRemoteInvalidation(message.invalidation, message.publishedAtMs);
    });
  }

  isConnected(): boolean {
    return this.isSubscribed && this.subscriber.status === "ready";
  }

  lostSinceMs(): number | null {
    return this.isSubscribed ? null : this.lostAtMs;
  }

  async publish(invalidation: Invalidation): Promise<boolean> {
    const message = encodeInvalidation(invalidation, this.options.instanceId, this.options.now());
    const reply = await this.options.redis.run("publish", (client) => client.publish(INVALIDATION_CHANNEL, message));
    return reply !== UNAVAILABLE;
  }

  /** Each instance has one subscriber on the channel. */
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
}

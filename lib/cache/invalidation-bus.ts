import type { Redis } from "ioredis";
import { z } from "zod";
import { UNAVAILABLE, type GuardedRedis } from "./guarded-redis";

export const INVALIDATION_CHANNEL = "agency:cache:invalidations";

const invalidationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("keys"), keys: z.array(z.string()) }),
  z.object({ kind: z.literal("tag"), tag: z.string() }),
  z.object({ kind: z.literal("pattern"), pattern: z.string() }),
]);
const messageSchema = z.intersection(z.object({ origin: z.string() }), invalidationSchema);

export type Invalidation = z.infer<typeof invalidationSchema>;

export type InvalidationBusOptions = {
  redis: GuardedRedis;
  instanceId: string;
  /** Another instance invalidated something: drop our L1 copies. */
  onRemoteInvalidation: (invalidation: Invalidation) => void;
  /** The subscription came back after a gap in which messages may have been missed. */
  onResubscribed: () => void;
};

/**
 * Invalidations between instances over Redis pub/sub. The subscriber is a separate connection
 * (`duplicate()`): a subscribed connection can't run other commands. Messages carry the sender's
 * instance id so an instance ignores its own (it already dropped its L1 copies synchronously).
 */
export class InvalidationBus {
  private readonly subscriber: Redis;
  private hasBeenReady = false;

  constructor(private readonly options: InvalidationBusOptions) {
    // Unlike the command connection, this one queues SUBSCRIBE until connected and re-subscribes
    // by itself after a reconnect.
    this.subscriber = options.redis.client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null });
    this.subscriber.on("error", () => {});
    this.subscriber.on("ready", () => {
      if (this.hasBeenReady) options.onResubscribed();
      this.hasBeenReady = true;
    });
    this.subscriber.on("message", (channel: string, raw: string) => {
      if (channel === INVALIDATION_CHANNEL) this.receive(raw);
    });
    void this.subscriber.subscribe(INVALIDATION_CHANNEL).catch(() => {});
  }

  /** Whether invalidations from other instances can reach us right now. */
  isConnected(): boolean {
    return this.subscriber.status === "ready";
  }

  async publish(invalidation: Invalidation): Promise<boolean> {
    const message = JSON.stringify({ origin: this.options.instanceId, ...invalidation });
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

  private receive(raw: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return;
    }
    const message = messageSchema.safeParse(parsed);
    if (!message.success || message.data.origin === this.options.instanceId) return;
    const { origin: _origin, ...invalidation } = message.data;
    this.options.onRemoteInvalidation(invalidation as Invalidation);
  }
}

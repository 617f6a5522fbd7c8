import { z } from "zod";

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

/** What every bus is told by the cache it serves. */
export type InvalidationBusHandlers = {
  instanceId: string;
  /** Milliseconds since the epoch, stamped on sent messages and compared on received ones. */
  now: () => number;
  /** Another instance invalidated something at `publishedAtMs` (null from older senders): drop our L1 copies. */
  onRemoteInvalidation: (invalidation: Invalidation, publishedAtMs: number | null) => void;
  /** The subscription is confirmed again after a gap in which messages may have been missed. */
  onResubscribed: (gap: SubscriptionGap) => void;
  /** The first subscription is confirmed after entries were already cached: they may have missed messages. */
  onSubscribedLate: () => void;
};

/**
 * How invalidations travel between instances: Redis pub/sub when Redis is configured, PostgreSQL
 * LISTEN/NOTIFY otherwise. Messages carry the sender's instance id so an instance ignores its own
 * (it already dropped its L1 copies synchronously), and their publish time so the receiver can
 * measure delivery lag. A bus reports a lost subscription as a gap once it is back.
 */
export interface InvalidationBus {
  /** Whether invalidations from other instances can reach us right now. */
  isConnected(): boolean;
  /** Since when invalidations can't reach us, or null while they can. */
  lostSinceMs(): number | null;
  /** Sends to the other instances; false when it could not be sent (never throws). */
  publish(invalidation: Invalidation): Promise<boolean>;
  /** Instances listening for invalidations, or null when unknown. */
  countInstances(): Promise<number | null>;
  disconnect(): void;
}

/** The wire form of an invalidation, stamped with its sender and publish time. */
export function encodeInvalidation(invalidation: Invalidation, origin: string, publishedAtMs: number): string {
  return JSON.stringify({ origin, publishedAtMs, ...invalidation });
}

/** The invalidation in `raw` when another instance sent it; null for our own messages and garbage. */
export function decodeRemoteInvalidation(raw: string, ownInstanceId: string): { invalidation: Invalidation; publishedAtMs: number | null } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const message = messageSchema.safeParse(parsed);
  if (!message.success || message.data.origin === ownInstanceId) return null;
  const { origin: _origin, publishedAtMs, ...invalidation } = message.data;
  return { invalidation: invalidation as Invalidation, publishedAtMs: publishedAtMs ?? null };
}

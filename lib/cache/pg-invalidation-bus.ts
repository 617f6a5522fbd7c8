import { decodeRemoteInvalidation, encodeInvalidation, type Invalidation, type InvalidationBus, type InvalidationBusHandlers } from "./invalidation-bus";
import type { PgSignalChannel } from "./pg-signal-channel";

const CACHE_TOPIC = "cache";

type PgInvalidationBusOptions = InvalidationBusHandlers & { channel: PgSignalChannel };

/**
 * Invalidations between instances over PostgreSQL LISTEN/NOTIFY, for when there is no Redis.
 * There is no L2 then, so the ordering rule reduces to: the sender drops its own L1 first
 * (synchronously), then NOTIFYs. Key lists too big for one NOTIFY go out as several messages,
 * all in one statement.
 */
export class PgInvalidationBus implements InvalidationBus {
  private readonly unsubscribe: () => void;
  private readonly stopGapReports: () => void;
  private readonly stopListeningReports: () => void;

  constructor(private readonly options: PgInvalidationBusOptions) {
    this.unsubscribe = options.channel.subscribe(CACHE_TOPIC, (body) => {
      const message = decodeRemoteInvalidation(body, options.instanceId);
      if (message) options.onRemoteInvalidation(message.invalidation, message.publishedAtMs);
    });
    this.stopGapReports = options.channel.onResubscribed((gap) => options.onResubscribed(gap));
    // The process's cache starts with its first request, often before LISTEN is confirmed.
    let isWaitingForFirstListen = !options.channel.isListening();
    this.stopListeningReports = options.channel.onListening(() => {
      if (!isWaitingForFirstListen) return;
      isWaitingForFirstListen = false;
      options.onSubscribedLate();
    });
  }

  isConnected(): boolean {
    return this.options.channel.isListening();
  }

  lostSinceMs(): number | null {
    return this.options.channel.lostSinceMs();
  }

  async publish(invalidation: Invalidation): Promise<boolean> {
    const encode = (part: Invalidation) => encodeInvalidation(part, this.options.instanceId, this.options.now());
    const bodies = splitIntoMessages(invalidation, encode, this.options.channel.maxBodyBytes(CACHE_TOPIC));
    return this.options.channel.send(CACHE_TOPIC, bodies);
  }

  countInstances(): Promise<number | null> {
    return this.options.channel.countListeners();
  }

  /** Stops listening; the channel itself belongs to its creator (one per process). */
  disconnect(): void {
    this.unsubscribe();
    this.stopGapReports();
    this.stopListeningReports();
  }
}

/**
 * The invalidation as messages of at most `maxBytes` each: a key list is cut into runs that
 * fit; a tag or pattern is one message (the channel refuses it if it is too big).
 */
export function splitIntoMessages(invalidation: Invalidation, encode: (part: Invalidation) => string, maxBytes: number): string[] {
  const whole = encode(invalidation);
  if (invalidation.kind !== "keys" || Buffer.byteLength(whole) <= maxBytes) return [whole];
  const overheadBytes = Buffer.byteLength(encode({ kind: "keys", keys: [] }));
  const messages: string[] = [];
  let run: string[] = [];
  let runBytes = overheadBytes;
  for (const key of invalidation.keys) {
    // A key costs its JSON string and, after the first, a comma.
    const keyBytes = Buffer.byteLength(JSON.stringify(key)) + (run.length > 0 ? 1 : 0);
    if (run.length > 0 && runBytes + keyBytes > maxBytes) {
      messages.push(encode({ kind: "keys", keys: run }));
      run = [];
      runBytes = overheadBytes;
    }
    run.push(key);
    runBytes += Buffer.byteLength(JSON.stringify(key)) + (run.length > 1 ? 1 : 0);
  }
  if (run.length > 0) messages.push(encode({ kind: "keys", keys: run }));
  return messages;
}

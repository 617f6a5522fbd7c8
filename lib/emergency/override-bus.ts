import type { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { pgSignals, type PgSignalChannel } from "@/lib/cache";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { redis } from "@/lib/redis/client";

// "An override changed, re-read them": one Redis channel (or, without Redis, a topic on the
// PostgreSQL signal channel) so every instance re-reads within moments of a change. The message
// carries no state (Postgres holds it), so a lost message costs only the delay until the next poll.
export const OVERRIDE_CHANNEL = "agency:emergency:overrides";
const OVERRIDE_TOPIC = "overrides";

type Listener = (kind: string) => void;

/** The process's client refuses commands until connected (no offline queue); a fresh one gets this long. */
const PUBLISH_READY_TIMEOUT_MS = 1_000;

async function untilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    }
    client.once("ready", done);
  });
}

export type OverrideBus = {
  announce(kind: string): Promise<void>;
  subscribe(listener: Listener): () => void;
  close(): Promise<void>;
};

/**
 * A bus over the given Redis client, or else over PostgreSQL `signals`, or neither: then only this
 * process's listeners hear it. The Redis subscriber is its own connection, because a subscribed
 * connection can run nothing else; the PostgreSQL one is the process's shared LISTEN connection.
 */
export function createOverrideBus(publisher: Redis | null, signals: PgSignalChannel | null = null): OverrideBus {
  const listeners = new Set<Listener>();
  const origin = randomUUID();
  let subscriber: Redis | undefined;
  let stopListening: (() => void) | undefined;
  const notify = (kind: string) => listeners.forEach((listener) => listener(kind));
  const receive = (raw: string) => {
    const message = parseMessage(raw);
    if (message && message.origin !== origin) notify(message.kind);
  };

  function ensureSubscribed(): void {
    if (!publisher) {
      stopListening ??= signals?.subscribe(OVERRIDE_TOPIC, receive);
      return;
    }
    if (subscriber) return;
    subscriber = publisher.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null, connectionName: "agency-overrides-sub" });
    subscriber.on("error", () => {}); // polling covers the outage; ioredis reconnects and resubscribes
    subscriber.on("message", (channel: string, raw: string) => {
      if (channel === OVERRIDE_CHANNEL) receive(raw);
    });
    subscriber.subscribe(OVERRIDE_CHANNEL).catch(() => {});
  }

  return {
    async announce(kind) {
      notify(kind);
      const message = JSON.stringify({ origin, kind });
      // A failed NOTIFY is logged by the channel; the others pick the change up by polling.
      if (!publisher) {
        await signals?.send(OVERRIDE_TOPIC, [message]);
        return;
      }
      await untilReady(publisher, PUBLISH_READY_TIMEOUT_MS);
      await publisher.publish(OVERRIDE_CHANNEL, message).catch((error: unknown) => {
        logger.warn("could not announce an override change; other instances pick it up by polling", { err: error });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      ensureSubscribed();
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      stopListening?.();
      stopListening = undefined;
      subscriber?.disconnect();
      subscriber = undefined;
    },
  };
}

function parseMessage(raw: string): { origin: string; kind: string } | null {
  try {
    const value = JSON.parse(raw) as { origin?: unknown; kind?: unknown };
    return typeof value.origin === "string" && typeof value.kind === "string" ? { origin: value.origin, kind: value.kind } : null;
  } catch {
    return null;
  }
}

/** This process's bus: on the process's Redis connection when REDIS_URL is set, else on PostgreSQL. */
export function overrideBus(): OverrideBus {
  return processSingleton("emergency-override-bus", () => {
    const publisher = redis();
    return createOverrideBus(publisher, publisher ? null : pgSignals());
  });
}

import { setTimeout as sleep } from "node:timers/promises";
import type { ApiSession } from "./http";

// The drill's load: writers create templates through the API and note each acknowledged id with
// the time its 201 arrived; readers list templates and fetch acknowledged ones. A 404 for an id
// is judged at the end: fine if the id was lost in the failover, a failed read if it survived.

export type LoadOptions = {
  writers: ApiSession[];
  readers: ApiSession[];
  categorySlug: string;
  /** Across all writers. */
  writesPerSecond: number;
};

export type LoadResult = {
  /** Template id → when its creation was acknowledged (ms since the epoch, this clock). */
  acknowledged: Map<string, number>;
  unacknowledgedWrites: number;
  reads: number;
  /** Non-2xx reads other than a 404 (those are in `notFound`). */
  failedReads: { atMs: number; status: number }[];
  notFound: { atMs: number; id: string }[];
  /** Of acknowledged writes, request to answer. */
  writeLatenciesMs: number[];
};

export type RunningLoad = {
  result: LoadResult;
  /** When the first write sent at or after `sinceMs` was acknowledged, or null. */
  firstWriteAckAfter(sinceMs: number): number | null;
  stop(): Promise<LoadResult>;
};

/** Ids a reader may fetch: acknowledged at least this long ago (a replica may not have a newer one yet). */
const READ_AFTER_ACK_MS = 2_000;
const MAX_IN_FLIGHT_PER_WRITER = 8;

export function startLoad(options: LoadOptions): RunningLoad {
  const result: LoadResult = { acknowledged: new Map(), unacknowledgedWrites: 0, reads: 0, failedReads: [], notFound: [], writeLatenciesMs: [] };
  const acks: { sentAtMs: number; ackedAtMs: number }[] = [];
  let isRunning = true;
  const writeIntervalMs = (1000 * options.writers.length) / options.writesPerSecond;
  let sequence = 0;

  const writeOnce = async (session: ApiSession) => {
    const startedAt = Date.now();
    try {
      const call = await session.call("POST", "/api/v1/templates", { categorySlug: options.categorySlug, name: `drill ${++sequence} ${startedAt}` });
      const id = (call.body as { id?: string } | null)?.id;
      if (call.status === 201 && id) {
        const ackedAt = Date.now();
        result.acknowledged.set(id, ackedAt);
        acks.push({ sentAtMs: startedAt, ackedAtMs: ackedAt });
        result.writeLatenciesMs.push(ackedAt - startedAt);
      } else result.unacknowledgedWrites++;
    } catch {
      result.unacknowledgedWrites++; // no answer (timeout, connection cut): not acknowledged
    }
  };

  // Open loop, as clients behave: a writer sends on its schedule whether or not earlier writes
  // have been answered, up to a few in flight.
  const write = async (session: ApiSession) => {
    const inFlight = new Set<Promise<void>>();
    while (isRunning) {
      const startedAt = Date.now();
      if (inFlight.size < MAX_IN_FLIGHT_PER_WRITER) {
        const sent: Promise<void> = writeOnce(session).finally(() => inFlight.delete(sent));
        inFlight.add(sent);
      }
      await sleep(Math.max(0, writeIntervalMs - (Date.now() - startedAt)));
    }
    await Promise.all(inFlight);
  };

  const readOnce = async (session: ApiSession) => {
    const readable = [...result.acknowledged].filter(([, ackedAt]) => Date.now() - ackedAt >= READ_AFTER_ACK_MS);
    const pick = readable.length > 0 && Math.random() < 0.5 ? readable[Math.floor(Math.random() * readable.length)]![0] : null;
    const atMs = Date.now();
    try {
      const call = await session.call("GET", pick ? `/api/v1/templates/${pick}` : "/api/v1/templates?limit=20");
      result.reads++;
      if (call.status === 404 && pick) result.notFound.push({ atMs, id: pick });
      else if (call.status < 200 || call.status >= 300) result.failedReads.push({ atMs, status: call.status });
    } catch {
      result.reads++;
      result.failedReads.push({ atMs, status: 0 });
    }
  };

  const read = async (session: ApiSession) => {
    while (isRunning) {
      await readOnce(session);
      await sleep(50);
    }
  };

  const workers = [...options.writers.map(write), ...options.readers.map(read)];
  return {
    result,
    firstWriteAckAfter: (sinceMs) => acks.filter((ack) => ack.sentAtMs >= sinceMs).reduce<number | null>((first, ack) => (first === null || ack.ackedAtMs < first ? ack.ackedAtMs : first), null),
    async stop() {
      isRunning = false;
      await Promise.all(workers);
      return result;
    },
  };
}

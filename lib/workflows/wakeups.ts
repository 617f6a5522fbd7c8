import pg from "pg";
import { logger } from "@/lib/logging/logger";
import { WORKFLOW_WAKE_CHANNEL } from "./job-queue";

const RECONNECT_MS = 5_000;

/** The primary to listen on: its URL now, and a subscription to its changes (a promotion). */
export type WakeUpServer = { url(): string; onChanged(listener: () => void): () => void };

/**
 * LISTENs for "jobs were enqueued" (sent by the enqueuing transaction as it commits), so an idle
 * worker starts new executions at once instead of at its next poll. Best effort: while the
 * connection is down the worker still polls. Given a WakeUpServer, it moves to the new primary
 * when the primary changes (the NOTIFYs are sent where the jobs are written).
 */
export function listenForWork(server: string | WakeUpServer, onWork: () => void): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  /** Bumped when the primary changes: connections begun for the former one give way. */
  let serverGeneration = 0;
  const urlNow = typeof server === "string" ? () => server : () => server.url();

  const connect = async () => {
    const next = new pg.Client({ connectionString: urlNow(), application_name: "agency-toolkit-workflow-wakeups" });
    next.on("notification", onWork);
    const generation = serverGeneration;
    next.on("error", (error) => {
      // A connection to a former primary, already replaced: nothing to restore.
      if (generation !== serverGeneration) return;
      logger.warn("workflow wake-up connection lost; polling until it is back", { err: error });
      void next.end().catch(() => {});
      if (client === next) client = null;
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${WORKFLOW_WAKE_CHANNEL}`);
      if (closed || generation !== serverGeneration) await next.end();
      else client = next;
    } catch (error) {
      void next.end().catch(() => {});
      if (generation !== serverGeneration) return;
      logger.warn("workflow wake-up connection failed; polling until it is back", { err: error });
      schedule();
    }
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };
  const unsubscribe =
    typeof server === "string"
      ? () => {}
      : server.onChanged(() => {
          if (closed) return;
          logger.info("workflow wake-up connection moves to the new primary");
          serverGeneration += 1;
          const previous = client;
          client = null;
          void previous?.end().catch(() => {});
          if (retry) clearTimeout(retry);
          retry = null;
          void connect();
        });
  void connect();
  return {
    async close() {
      closed = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}

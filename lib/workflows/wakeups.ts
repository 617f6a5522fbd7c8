import pg from "pg";
import { logger } from "@/lib/logging/logger";
import { WORKFLOW_WAKE_CHANNEL } from "./job-queue";

const RECONNECT_MS = 5_000;

/**
 * LISTENs for "jobs were enqueued" (sent by the enqueuing transaction as it commits), so an idle
 * worker starts new executions at once instead of at its next poll. Best effort: while the
 * connection is down the worker still polls.
 */
export function listenForWork(connectionString: string, onWork: () => void): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    const next = new pg.Client({ connectionString, application_name: "agency-toolkit-workflow-wakeups" });
    next.on("notification", onWork);
    next.on("error", (error) => {
      logger.warn("workflow wake-up connection lost; polling until it is back", { err: error });
      void next.end().catch(() => {});
      if (client === next) client = null;
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${WORKFLOW_WAKE_CHANNEL}`);
      if (closed) await next.end();
      else client = next;
    } catch (error) {
      void next.end().catch(() => {});
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
  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}

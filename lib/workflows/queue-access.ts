import { processSingleton } from "@/lib/process-singleton";
import { startQueue, type JobQueue } from "@/lib/queue";
import { ensureWorkflowQueue } from "./job-queue";

/**
 * The process's job queue, started, with the workflow queue created (pg-boss 10 silently drops
 * a send to a queue that doesn't exist). Shared by the API and the in-process workers.
 */
export function workflowQueue(): Promise<JobQueue> {
  const state = processSingleton("workflow-queue", () => ({ ready: null as Promise<JobQueue> | null }));
  state.ready ??= startQueue()
    .then(async (boss) => {
      await ensureWorkflowQueue(boss);
      return boss;
    })
    .catch((error: unknown) => {
      state.ready = null;
      throw error;
    });
  return state.ready;
}

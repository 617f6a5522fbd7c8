export class TimeoutError extends Error {}

/**
 * Runs `work` with a deadline: after `timeoutMs` the signal aborts and the returned promise
 * rejects with a TimeoutError naming `what`, whether or not the work notices the signal.
 */
export async function runWithTimeout<T>(what: string, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(`${what} did not finish within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

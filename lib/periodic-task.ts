import { logger } from "@/lib/logging/logger";

/**
 * Runs `work` every interval (and once at start) until stopped. A run still going when the next
 * is due is not doubled up: that tick is skipped. A failing run is logged and the schedule goes
 * on: background work never takes the process down.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly options: { runAtStart: boolean } = { runAtStart: true },
  ) {}

  get isStarted(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    if (this.options.runAtStart) void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One run now; a caller arriving while one is going shares it. */
  runOnce(): Promise<void> {
    this.running ??= Promise.resolve()
      .then(this.work)
      .then(
        () => undefined,
        (error: unknown) => logger.warn(`${this.name} failed`, { err: error }),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}

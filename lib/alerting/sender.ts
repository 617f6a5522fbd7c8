import { logger } from "@/lib/logging/logger";
import type { AlertmanagerAlert } from "./alert-payload";
import { alertingMetrics } from "./metrics";

// Prometheus's notifier (notifier/notifier.go): one bounded queue, drained in batches, each batch
// posted to every Alertmanager. A full queue drops its oldest alerts (a newer copy of a firing
// alert supersedes an older one) and counts them. Unlike Prometheus, a failed post is retried a
// few times before it counts as an error: a restarting Alertmanager should not lose a resolve.

const MAX_BATCH = 64;
const DEFAULT_RETRY_DELAYS_MS = [250, 1_000];

export type SenderOptions = {
  urls: readonly string[];
  capacity: number;
  timeoutMs: number;
  retryDelaysMs?: readonly number[];
  fetchImpl?: typeof fetch;
};

/** `http://am:9093` and `http://am:9093/prefix/` both post to `<base>/api/v2/alerts`. */
export function alertsEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/api/v2/alerts`;
}

export class AlertmanagerSender {
  private queue: AlertmanagerAlert[] = [];
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: SenderOptions) {
    alertingMetrics.queueCapacity.set(options.capacity);
    // Series for every Alertmanager from the start, so a rate() has a zero to start from.
    for (const url of options.urls) {
      alertingMetrics.sent.inc({ alertmanager: url }, 0);
      alertingMetrics.errors.inc({ alertmanager: url }, 0);
    }
  }

  get queueLength(): number {
    return this.queue.length;
  }

  /** Queues alerts and starts sending them; never waits for the network. */
  enqueue(alerts: readonly AlertmanagerAlert[]): void {
    if (this.stopped || this.options.urls.length === 0 || alerts.length === 0) return;
    const { capacity } = this.options;
    let incoming = alerts;
    if (incoming.length > capacity) {
      this.drop(incoming.length - capacity);
      incoming = incoming.slice(incoming.length - capacity);
    }
    const overflow = this.queue.length + incoming.length - capacity;
    if (overflow > 0) {
      this.drop(overflow);
      this.queue.splice(0, overflow);
    }
    this.queue.push(...incoming);
    alertingMetrics.queueLength.set(this.queue.length);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Resolves once everything queued so far has been sent (or given up on). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): void {
    this.stopped = true;
  }

  private drop(count: number): void {
    alertingMetrics.dropped.inc(count);
    logger.warn("alert send queue full; dropping the oldest alerts", { dropped: count });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.splice(0, MAX_BATCH);
      alertingMetrics.queueLength.set(this.queue.length);
      await Promise.all(this.options.urls.map((url) => this.sendTo(url, batch)));
    }
  }

  private async sendTo(url: string, batch: AlertmanagerAlert[]): Promise<void> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const fetchImpl = this.options.fetchImpl ?? fetch;
    let lastError: unknown;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      try {
        const response = await fetchImpl(alertsEndpoint(url), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(batch),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) {
          alertingMetrics.sent.inc({ alertmanager: url }, batch.length);
          return;
        }
        lastError = new Error(`HTTP ${response.status}`);
        // A 4xx is our payload's fault: sending it again cannot help.
        if (response.status < 500) break;
      } catch (err) {
        lastError = err;
      }
    }
    alertingMetrics.errors.inc({ alertmanager: url }, batch.length);
    logger.error("could not send alerts to an Alertmanager", { alertmanager: url, alerts: batch.length, err: lastError });
  }
}

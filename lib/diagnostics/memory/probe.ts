import { monitorEventLoopDelay, PerformanceObserver, constants, type IntervalHistogram } from "node:perf_hooks";
import v8 from "node:v8";
import type { MemorySample } from "./detect";

/**
 * This process's memory. The heap figure is the one read right after the latest major GC when
 * one has happened (what survived collection is what a leak grows), else the current heap.
 */
export class MemoryProbe {
  private heapAfterGcBytes: number | null = null;
  private readonly observer: PerformanceObserver;
  private readonly lag: IntervalHistogram;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      const major = list.getEntries().some((entry) => ((entry as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      if (major) this.heapAfterGcBytes = process.memoryUsage().heapUsed;
    });
    this.observer.observe({ entryTypes: ["gc"] });
    this.lag = monitorEventLoopDelay({ resolution: 20 });
    this.lag.enable();
  }

  read(atMs: number): MemorySample {
    const usage = process.memoryUsage();
    const lagP99Seconds = this.lag.count > 0 ? this.lag.percentile(99) / 1e9 : null;
    this.lag.reset();
    return {
      atMs,
      heapUsedBytes: this.heapAfterGcBytes ?? usage.heapUsed,
      rssBytes: usage.rss,
      heapLimitBytes: v8.getHeapStatistics().heap_size_limit,
      eventLoopLagSeconds: lagP99Seconds,
    };
  }

  stop(): void {
    this.observer.disconnect();
    this.lag.disable();
  }
}

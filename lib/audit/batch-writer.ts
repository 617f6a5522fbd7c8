import type { AuditEntryInput } from "./repo";

type Pending = { entry: AuditEntryInput; settle: () => void };

export type BatchWriterOptions = {
  /** Writes one batch as one statement; a rejection is reported through onError. */
  write: (entries: AuditEntryInput[]) => Promise<void>;
  onError: (error: unknown, entries: number) => void;
  /** Entries per statement. */
  maxBatch: number;
  /** Entries waiting beyond this are not queued but counted, and the count is recorded instead. */
  maxPending: number;
  /** The entry that records how many were dropped since the last batch. */
  droppedEntry: (count: number) => AuditEntryInput;
};

/**
 * Appends entries in batches, one statement at a time per process: a flood of refused requests
 * then costs one connection and one commit per batch instead of a connection per request, each
 * waiting for the chain lock. `record` resolves once the entry's batch is written (or failed), so
 * a caller that awaits it still answers after its entry is in the log.
 */
export class AuditBatchWriter {
  private pending: Pending[] = [];
  private dropped = 0;
  private flushing = false;

  constructor(private readonly options: BatchWriterOptions) {}

  record(entry: AuditEntryInput): Promise<void> {
    if (this.pending.length >= this.options.maxPending) {
      this.dropped += 1;
      return Promise.resolve();
    }
    const written = new Promise<void>((settle) => this.pending.push({ entry, settle }));
    if (!this.flushing) void this.flush();
    return written;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0 || this.dropped > 0) {
        const batch = this.pending.splice(0, this.options.maxBatch);
        const entries = batch.map((item) => item.entry);
        if (this.dropped > 0) {
          entries.push(this.options.droppedEntry(this.dropped));
          this.dropped = 0;
        }
        try {
          await this.options.write(entries);
        } catch (error) {
          this.options.onError(error, entries.length);
        }
        for (const item of batch) item.settle();
      }
    } finally {
      this.flushing = false;
    }
  }
}

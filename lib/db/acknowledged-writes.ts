import { processSingleton } from "@/lib/process-singleton";

// When this instance acknowledged its audit entries and workflow executions, kept as bare
// timestamps in a fixed ring per kind, so a failover's data-loss bound can say how many of them
// fall inside the window that may be lost. Only this instance's writes are known here.

type AcknowledgedKind = "auditEntries" | "executions";

/** Ten minutes at 80 writes/s per kind; 8 bytes each. Older acknowledgements drop off. */
const RING_CAPACITY = 50_000;

class TimestampRing {
  private readonly times: Float64Array;
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  push(atMs: number, count = 1): void {
    for (let index = 0; index < count; index++) {
      this.times[this.next] = atMs;
      this.next = (this.next + 1) % this.capacity;
      this.size = Math.min(this.size + 1, this.capacity);
    }
  }

  /** How many timestamps are later than `sinceMs`; `isComplete` is false when older ones were dropped and the window may reach past them. */
  countSince(sinceMs: number): { count: number; isComplete: boolean } {
    let count = 0;
    for (let index = 0; index < this.size; index++) {
      if (this.times[(this.next - 1 - index + this.capacity) % this.capacity]! > sinceMs) count++;
    }
    const oldest = this.times[(this.next - this.size + this.capacity) % this.capacity]!;
    return { count, isComplete: this.size < this.capacity || oldest <= sinceMs };
  }
}

const rings = () =>
  processSingleton("acknowledged-writes", () => ({ auditEntries: new TimestampRing(RING_CAPACITY), executions: new TimestampRing(RING_CAPACITY) }) satisfies Record<AcknowledgedKind, TimestampRing>);

/** Notes `count` writes of `kind` acknowledged (or about to be, see the callers) at `atMs`. */
export function noteAcknowledged(kind: AcknowledgedKind, count = 1, atMs = Date.now()): void {
  if (count > 0) rings()[kind].push(atMs, count);
}

type AcknowledgedCounts = { auditEntries: number; executions: number; isComplete: boolean };

/** Writes this instance acknowledged after `sinceMs` (all it still remembers for `null`). */
export function countAcknowledgedSince(sinceMs: number | null): AcknowledgedCounts {
  const audit = rings().auditEntries.countSince(sinceMs ?? -Infinity);
  const executions = rings().executions.countSince(sinceMs ?? -Infinity);
  return { auditEntries: audit.count, executions: executions.count, isComplete: sinceMs !== null && audit.isComplete && executions.isComplete };
}

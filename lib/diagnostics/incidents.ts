import type { DetectorResult, DetectorState } from "./types";

export type Incident<E> = {
  startedAt: string;
  endedAt: string | null;
  worstState: Exclude<DetectorState, "ok">;
  /** The detector's result when it first left ok, unchanged while the incident lasts. */
  frozen: DetectorResult<E>;
};

const HISTORY_LIMIT = 20;

/**
 * Freezes the evidence when a detector first leaves ok, so what caused an incident stays
 * visible after the live data moves on; closed incidents go to a bounded history (newest first).
 */
export class IncidentLog<E> {
  private open: Incident<E> | null = null;
  private readonly closed: Incident<E>[] = [];

  record(result: DetectorResult<E>, at: Date): void {
    if (result.state === "ok") {
      if (!this.open) return;
      this.closed.unshift({ ...this.open, endedAt: at.toISOString() });
      this.closed.length = Math.min(this.closed.length, HISTORY_LIMIT);
      this.open = null;
      return;
    }
    if (!this.open) this.open = { startedAt: at.toISOString(), endedAt: null, worstState: result.state, frozen: structuredClone(result) };
    else if (result.state === "critical") this.open.worstState = "critical";
  }

  current(): Incident<E> | null {
    return this.open;
  }

  history(): Incident<E>[] {
    return [...this.closed];
  }
}

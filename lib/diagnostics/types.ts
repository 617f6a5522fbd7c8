/** What every detector returns: pure data, safe to send to the browser as is. */
export type DetectorState = "ok" | "warning" | "critical";

/** One threshold as shown on the page: what is compared, and the limits. */
export type ThresholdDescription = { label: string; warning: string; critical: string };

export type Remedy = { title: string; detail: string };

export type DetectorResult<E> = {
  state: DetectorState;
  /** Why the state is what it is, one line per breached threshold (empty when ok). */
  reasons: string[];
  thresholds: ThresholdDescription[];
  evidence: E;
  remedies: Remedy[];
  guideText: string;
};

const RANK: Record<DetectorState, number> = { ok: 0, warning: 1, critical: 2 };

export function worstState(states: DetectorState[]): DetectorState {
  return states.reduce<DetectorState>((worst, state) => (RANK[state] > RANK[worst] ? state : worst), "ok");
}

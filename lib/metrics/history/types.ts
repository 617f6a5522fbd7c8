/** One series' points as [epoch ms, value], oldest first. */
export type SeriesPoints = { series: string; points: [number, number][] };

export type HistoryQuery = { signals: string[]; fromMs: number; toMs: number; stepSeconds: number };

/** Where the ops views read metric history from: our own samples, or Prometheus. */
export interface HistorySource {
  readonly name: "embedded" | "prometheus";
  range(query: HistoryQuery): Promise<SeriesPoints[]>;
}

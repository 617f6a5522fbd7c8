import type { Recommendation } from "./recommend-replicas";
import type { WorkerFleetSignals } from "./recommend-workers";

// What the scalers last decided, as the supervisor keeps it for every instance to show. Types
// only: the process mechanics (lib/cluster) carry these without depending on the scalers.

export type AutoscalerDecision = Recommendation & { at: string; applied: boolean };

/** What the worker scaler saw and decided last, for the queue view and the logs. */
export type WorkerScalingReport = { at: string; current: number; desired: number; signals: WorkerFleetSignals; reasons: string[] };

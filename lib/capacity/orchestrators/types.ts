/** Where the app's replicas stand, in the same terms whichever orchestrator runs them. */
export type OrchestratorStatus = {
  mode: "local" | "kubernetes";
  /** Replicas running now (Scale `status.replicas`, or live local instances). */
  currentReplicas: number;
  /**
   * Replicas serving requests, where the orchestrator knows it (local instances that are listening);
   * absent behind Kubernetes, whose Scale subresource reports only running replicas.
   */
  readyReplicas?: number;
  /** Replicas asked for (Scale `spec.replicas`, or the supervisor's target). */
  desiredReplicas: number;
  /** The autoscaler's floor and ceiling (HPA `minReplicas`/`maxReplicas`, or the local limits). */
  minReplicas: number;
  maxReplicas: number;
  /** Set while an emergency override holds the floor up; `previousMinReplicas` is what restore puts back. */
  minimumOverride: { minReplicas: number; previousMinReplicas: number } | null;
};

/**
 * Scales the app's replicas. The emergency procedure raises the autoscaler's minimum as well as
 * the replica count, because scaling alone is undone by the autoscaler at its next evaluation.
 */
export interface Orchestrator {
  describe(): Promise<OrchestratorStatus>;
  /** Asks for `replicas` replicas now; the autoscaler may move them again within its limits. */
  scaleTo(replicas: number): Promise<OrchestratorStatus>;
  /** Raises the autoscaler's floor to `minReplicas` and scales up to it right away. */
  raiseMinimum(minReplicas: number): Promise<OrchestratorStatus>;
  /** Puts back the floor from before `raiseMinimum`; does nothing when no override is held. */
  restoreMinimum(): Promise<OrchestratorStatus>;
}

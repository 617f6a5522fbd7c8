// The emergency module's public surface: procedures, overrides, the circuit breaker and tiers.
import "./procedures";

export { registerEmergencyRoutes } from "./routes";
export { OverrideSweeper } from "./override-sweeper";
export { RunSweeper } from "./run-sweeper";
export { featureBreaker } from "./breaker-state";
export { drainExecutingRuns } from "./run-executor";

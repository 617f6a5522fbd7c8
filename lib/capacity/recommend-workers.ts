/**
 * How many workflow worker processes to run: the guide's orchestration rules. Scale up when any
 * sign of pressure shows (a long queue, slow executions, memory), scale down only when every
 * sign of calm holds and has held for the idle period, one step at a time with a cooldown, so a
 * burst doesn't make the fleet saw up and down.
 */
export type WorkerScalingConfig = {
  min: number;
  max: number;
  scaleUp: { queueLength: number; averageExecutionMs: number; memoryUsage: number };
  scaleDown: { queueLength: number; idleMs: number; memoryUsage: number };
  /** No second change within this long of the last one: new workers need time to take work. */
  cooldownMs: number;
};

export const DEFAULT_WORKER_SCALING: WorkerScalingConfig = {
  min: 2,
  max: 10,
  scaleUp: { queueLength: 100, averageExecutionMs: 30_000, memoryUsage: 0.8 },
  scaleDown: { queueLength: 10, idleMs: 300_000, memoryUsage: 0.4 },
  cooldownMs: 60_000,
};

export type WorkerFleetSignals = {
  /** Jobs waiting in the workflow queue. */
  queueLength: number;
  /** Mean duration of executions finished recently; null when none finished. */
  averageExecutionMs: number | null;
  /** The busiest worker's resident memory over its limit, 0…1+; null when unknown. */
  memoryUsage: number | null;
};

export type WorkerScalingState = {
  current: number;
  /** Since when every scale-down condition has held; null while one of them fails. */
  calmSince: number | null;
  lastChangeAt: number | null;
};

export type WorkerScalingDecision = {
  desired: number;
  state: WorkerScalingState;
  /** Why: each rule that fired or held the count, in words an operator reads on the queue view. */
  reasons: string[];
};

function upReasons(signals: WorkerFleetSignals, config: WorkerScalingConfig): string[] {
  const reasons: string[] = [];
  if (signals.queueLength > config.scaleUp.queueLength) reasons.push(`queue ${signals.queueLength} > ${config.scaleUp.queueLength}`);
  if (signals.averageExecutionMs !== null && signals.averageExecutionMs > config.scaleUp.averageExecutionMs) {
    reasons.push(`average execution ${Math.round(signals.averageExecutionMs / 1000)} s > ${config.scaleUp.averageExecutionMs / 1000} s`);
  }
  if (signals.memoryUsage !== null && signals.memoryUsage > config.scaleUp.memoryUsage) reasons.push(`memory ${pct(signals.memoryUsage)} > ${pct(config.scaleUp.memoryUsage)}`);
  return reasons;
}

// Unknown memory is not calm: scaling down blind could starve a fleet that is about to run out.
function isCalm(signals: WorkerFleetSignals, config: WorkerScalingConfig): boolean {
  return signals.queueLength < config.scaleDown.queueLength && signals.memoryUsage !== null && signals.memoryUsage < config.scaleDown.memoryUsage;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

function clamp(value: number, config: WorkerScalingConfig): number {
  return Math.min(config.max, Math.max(config.min, value));
}

export function decideWorkerCount(signals: WorkerFleetSignals, state: WorkerScalingState, now: number, config: WorkerScalingConfig = DEFAULT_WORKER_SCALING): WorkerScalingDecision {
  const current = clamp(state.current, config);
  const calmSince = isCalm(signals, config) ? (state.calmSince ?? now) : null;
  const held = { current, calmSince, lastChangeAt: state.lastChangeAt };
  // Outside the bounds (a changed config) is corrected at once, cooldown or not.
  if (current !== state.current) {
    return { desired: current, state: { ...held, lastChangeAt: now }, reasons: [`kept within ${config.min}…${config.max} workers`] };
  }
  const coolingDown = state.lastChangeAt !== null && now - state.lastChangeAt < config.cooldownMs;
  const pressure = upReasons(signals, config);
  if (pressure.length > 0) {
    if (current >= config.max) return { desired: current, state: held, reasons: [...pressure, `already at the maximum of ${config.max}`] };
    if (coolingDown) return { desired: current, state: held, reasons: [...pressure, "waiting for the last change to settle"] };
    return { desired: current + 1, state: { current: current + 1, calmSince: null, lastChangeAt: now }, reasons: pressure };
  }
  if (calmSince !== null && now - calmSince >= config.scaleDown.idleMs && current > config.min && !coolingDown) {
    const calmMinutes = Math.round((now - calmSince) / 60_000);
    // The calm period starts over: each further step down needs its own idle period.
    return { desired: current - 1, state: { current: current - 1, calmSince: now, lastChangeAt: now }, reasons: [`queue < ${config.scaleDown.queueLength} and memory < ${pct(config.scaleDown.memoryUsage)} for ${calmMinutes} min`] };
  }
  return { desired: current, state: held, reasons: [] };
}

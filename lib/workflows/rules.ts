import type { StepDefinition, StepType } from "./schemas";

/*
 * Pure rules of the engine: no I/O, no clock, no env. Settings come in as arguments.
 */

/**
 * The workflow_type metric label: the set of step types a workflow uses ("delay+http"). At most
 * 15 values whatever tenants name their workflows, so the label's cardinality stays bounded.
 */
export function workflowTypeOf(steps: readonly { type: StepType }[]): string {
  return [...new Set(steps.map((step) => step.type))].sort().join("+");
}

export type RetrySettings = { retryAttempts: number; retryDelayMs: number };

/** After failed attempt `attempt` (1-based): wait this long and try again, or null: give up. */
export function nextRetryDelayMs(attempt: number, settings: RetrySettings): number | null {
  return attempt <= settings.retryAttempts ? settings.retryDelayMs : null;
}

export type TimeoutSettings = { stepTimeoutMs: number };

/**
 * How long one attempt of a step may run: the step timeout, an http step's own shorter timeout,
 * and never past the workflow's deadline.
 */
export function attemptBudgetMs(step: StepDefinition, settings: TimeoutSettings, msUntilDeadline: number): number {
  const own = step.type === "http" ? Math.min(step.config.timeoutMs, settings.stepTimeoutMs) : settings.stepTimeoutMs;
  return Math.max(0, Math.min(own, msUntilDeadline));
}

/** A `fail` step with `times` fails its first `times` attempts; without it, every attempt. */
export function failStepShouldFail(times: number | undefined, attempt: number): boolean {
  return times === undefined || attempt <= times;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([^{}\s]+)\s*\}\}$/;

/** Reads `a.b.0.c` from a JSON value; undefined when any part is missing. */
export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, part)) return undefined; // never walks into the prototype
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function resolve(path: string, previous: unknown, input: unknown): unknown {
  if (path === "$input") return input;
  if (path.startsWith("$input.")) return readPath(input, path.slice("$input.".length));
  if (path === "$") return previous;
  return readPath(previous, path);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Applies a transform expression (see transformExpressionSchema): literals pass through, a lone
 * placeholder keeps the value's type (missing → null), other strings are interpolated.
 */
export function applyTransform(expression: Record<string, string | number | boolean | null>, previous: unknown, input: unknown): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [field, template] of Object.entries(expression)) {
    if (typeof template !== "string") {
      output[field] = template;
      continue;
    }
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (whole) {
      output[field] = resolve(whole[1]!, previous, input) ?? null;
      continue;
    }
    output[field] = template.replace(PLACEHOLDER, (_match, path: string) => asText(resolve(path, previous, input)));
  }
  return output;
}

import type { ExecutionStatus, StepStatus } from "@/lib/workflows/schemas";
import { RUN_STATUS_STYLE } from "./run-status";

const STEP_STYLE: Record<StepStatus, { label: string; colour: string }> = {
  pending: { label: "Pending", colour: "var(--color-series-5)" },
  running: { label: "Running", colour: "var(--color-series-1)" },
  succeeded: { label: "Succeeded", colour: "var(--color-ok)" },
  failed: { label: "Failed", colour: "var(--color-danger)" },
  skipped: { label: "Skipped", colour: "var(--color-muted)" },
};

/** A status in words with a colour dot: never colour alone. */
export function StatusBadge({ status, kind = "run" }: { status: ExecutionStatus | StepStatus; kind?: "run" | "step" }) {
  const style = kind === "run" ? RUN_STATUS_STYLE[status as ExecutionStatus] : STEP_STYLE[status as StepStatus];
  return (
    <span className="inline-flex items-center gap-1.5 rounded border border-line px-1.5 py-0.5 text-xs font-medium" data-status={status}>
      <span className="inline-block size-2 rounded-full" style={{ background: style.colour }} aria-hidden />
      {style.label}
    </span>
  );
}

import type { ExecutionStatus } from "@/lib/workflows/schemas";

/** Each run status's label and colour token, shared by the charts and the badges. */
export const RUN_STATUS_STYLE: Record<ExecutionStatus, { label: string; colour: string }> = {
  succeeded: { label: "Succeeded", colour: "var(--color-ok)" },
  failed: { label: "Failed", colour: "var(--color-danger)" },
  running: { label: "Running", colour: "var(--color-series-1)" },
  queued: { label: "Queued", colour: "var(--color-series-5)" },
  cancelled: { label: "Cancelled", colour: "var(--color-warn)" },
};

/** Stacking order: finished runs at the bottom, runs still going on top. */
export const RUN_STATUS_ORDER: ExecutionStatus[] = ["succeeded", "failed", "cancelled", "running", "queued"];

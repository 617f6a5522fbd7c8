import { randomUUID } from "node:crypto";
import type { RunRow } from "@/lib/emergency/run-repo";

/** A replica promotion waiting for its second approval, as a run row (fixtures for journal tests). */
export function promotionRunRow(overrides: Partial<RunRow> = {}): RunRow {
  const at = new Date("2026-12-07T03:00:00.000Z");
  return {
    id: randomUUID(),
    procedure: "replica-promotion",
    tenantId: null,
    input: {},
    preview: { summary: "promote", changes: [], warnings: [], blockers: [], estimatedSeconds: 5 },
    status: "awaiting_approval",
    requestedByUserId: "sre",
    requestedByEmail: "sre@agency.test",
    approvedByUserId: null,
    approvedByEmail: null,
    idempotencyKey: randomUUID(),
    dataLossAcknowledged: true,
    progress: null,
    outcome: null,
    error: null,
    requestId: "request-1",
    createdAt: at,
    approvedAt: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
    ...overrides,
  };
}

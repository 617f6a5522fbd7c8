import { describe, expect, test } from "vitest";
import { countAcknowledgedSince, noteAcknowledged } from "./acknowledged-writes";

describe("acknowledged writes", () => {
  test("counts the writes acknowledged strictly after a time, per kind", () => {
    const base = countAcknowledgedSince(5_000);
    noteAcknowledged("auditEntries", 1, 4_000);
    noteAcknowledged("auditEntries", 1, 5_000);
    noteAcknowledged("auditEntries", 3, 5_001);
    noteAcknowledged("executions", 1, 6_000);

    const counts = countAcknowledgedSince(5_000);
    expect(counts.auditEntries - base.auditEntries).toBe(3);
    expect(counts.executions - base.executions).toBe(1);
    expect(counts.isComplete).toBe(true);
  });

  test("without a start time counts everything remembered and says the count may be short", () => {
    noteAcknowledged("auditEntries", 2, 1);
    const counts = countAcknowledgedSince(null);
    expect(counts.auditEntries).toBeGreaterThanOrEqual(2);
    expect(counts.isComplete).toBe(false);
  });

  test("notes nothing for a batch of none", () => {
    const before = countAcknowledgedSince(null).executions;
    noteAcknowledged("executions", 0);
    expect(countAcknowledgedSince(null).executions).toBe(before);
  });
});

import { describe, expect, test } from "vitest";
import { IncidentLog } from "./incidents";
import type { DetectorResult, DetectorState } from "./types";

const result = (state: DetectorState, evidence: number): DetectorResult<number> => ({ state, reasons: [], thresholds: [], evidence, remedies: [], guideText: "" });

describe("IncidentLog", () => {
  test("freezes the first non-ok evidence, tracks the worst state and closes on ok", () => {
    const log = new IncidentLog<number>();
    log.record(result("ok", 0), new Date(0));
    expect(log.current()).toBeNull();
    log.record(result("warning", 1), new Date(1_000));
    log.record(result("critical", 2), new Date(2_000));
    expect(log.current()).toMatchObject({ startedAt: new Date(1_000).toISOString(), worstState: "critical", frozen: { evidence: 1 } });
    log.record(result("ok", 3), new Date(3_000));
    expect(log.current()).toBeNull();
    expect(log.history()).toEqual([expect.objectContaining({ endedAt: new Date(3_000).toISOString(), frozen: expect.objectContaining({ evidence: 1 }) })]);
  });

  test("keeps at most 20 closed incidents, newest first", () => {
    const log = new IncidentLog<number>();
    for (let index = 0; index < 25; index++) {
      log.record(result("warning", index), new Date(index * 2));
      log.record(result("ok", index), new Date(index * 2 + 1));
    }
    expect(log.history()).toHaveLength(20);
    expect(log.history()[0]!.frozen.evidence).toBe(24);
  });
});

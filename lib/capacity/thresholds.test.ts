import { describe, expect, test } from "vitest";
import { GUIDE_THRESHOLDS, thresholdsFromRules } from "./thresholds";

describe("thresholdsFromRules", () => {
  test("with no stored rules the guide's thresholds hold", () => {
    expect(GUIDE_THRESHOLDS).toEqual({ cpuUtilizationPercent: 70, memoryUtilizationPercent: 80, dbPoolUtilizationPercent: 80, p95LatencySeconds: 2 });
  });

  test("an edited rule moves its threshold and leaves the others", () => {
    const rules = [
      { metric: "db_pool_utilization_percent", comparator: ">", threshold: 90 },
      { metric: "cpu_utilization_percent", comparator: ">", threshold: 70 },
    ];
    expect(thresholdsFromRules(rules)).toEqual({ ...GUIDE_THRESHOLDS, dbPoolUtilizationPercent: 90 });
  });

  test("two rules on one metric: the lower threshold (the first to fire) is the one drawn", () => {
    const rules = [
      { metric: "http_request_p95_seconds", comparator: ">", threshold: 3 },
      { metric: "http_request_p95_seconds", comparator: ">", threshold: 1.5 },
    ];
    expect(thresholdsFromRules(rules).p95LatencySeconds).toBe(1.5);
  });
});

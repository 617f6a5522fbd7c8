import { describe, expect, test } from "vitest";
import { compareLsn, computeLossWindow, describeLossBound, findConfirmedSample, parseLsn, type LossBound, type WalHistorySnapshot } from "./loss-bound";

const at = (seconds: number) => 1_000_000 + seconds * 1000;
const history = (overrides: Partial<WalHistorySnapshot> = {}): WalHistorySnapshot => ({
  samples: [
    { sampledAtMs: at(0), walLsn: "0/3000000" },
    { sampledAtMs: at(1), walLsn: "0/3000100" },
    { sampledAtMs: at(2), walLsn: "0/30A0000" },
    { sampledAtMs: at(3), walLsn: "1/00000010" },
  ],
  lastAnsweredAtMs: at(3) + 20,
  firstUnansweredAtMs: at(4),
  intervalMs: 1000,
  ...overrides,
});

describe("WAL positions", () => {
  test.each([
    ["0/0", "0/0", 0],
    ["0/FF", "0/100", -1],
    ["0/100", "0/FF", 1],
    ["1/0", "0/FFFFFFFF", 1],
    ["16/B374D848", "16/B374D848", 0],
    ["16/B374D847", "16/B374D848", -1],
  ])("compares %s with %s as %i", (a, b, expected) => {
    expect(compareLsn(a, b)).toBe(expected);
  });

  test("reads the high and low halves as one byte position", () => {
    expect(parseLsn("1/10")).toBe(2n ** 32n + 16n);
  });

  test("refuses what is not a WAL position", () => {
    expect(() => parseLsn("0x10")).toThrow(/not a WAL position/);
  });
});

describe("the confirmed sample", () => {
  test("is the latest sample the replica has replayed past", () => {
    expect(findConfirmedSample(history().samples, "0/3000200")?.sampledAtMs).toBe(at(1));
  });

  test("counts a sample replayed exactly up to its position as covered", () => {
    expect(findConfirmedSample(history().samples, "0/30A0000")?.sampledAtMs).toBe(at(2));
  });

  test("is none just below the oldest sample, and none without a replay position", () => {
    expect(findConfirmedSample(history().samples, "0/2FFFFFF")).toBeNull();
    expect(findConfirmedSample(history().samples, null)).toBeNull();
  });

  test("is the latest by time even when the samples arrive out of order", () => {
    const samples = [...history().samples].reverse();
    expect(findConfirmedSample(samples, "1/00000010")?.sampledAtMs).toBe(at(3));
  });
});

describe("the loss window", () => {
  test("runs from the confirmed sample to the first unanswered one, rounded up to the interval", () => {
    expect(computeLossWindow(history(), "0/3000200", at(30))).toEqual({ confirmedAtMs: at(1), stoppedAtMs: at(4), boundSeconds: 3, oldestSampleAtMs: at(0) });
  });

  test("rounds a part interval up", () => {
    expect(computeLossWindow(history({ firstUnansweredAtMs: at(4) + 1 }), "0/3000200", at(30)).boundSeconds).toBe(4);
  });

  test("is one interval, never zero, when the replica replayed the last sample", () => {
    expect(computeLossWindow(history(), "1/00000010", at(30)).boundSeconds).toBe(1);
  });

  test("without an unanswered sample ends one interval after the last answer", () => {
    expect(computeLossWindow(history({ firstUnansweredAtMs: null }), "0/3000200", at(30)).stoppedAtMs).toBe(at(4) + 20);
  });

  test("is unknown, back to the oldest sample, when the replica replayed none of them", () => {
    expect(computeLossWindow(history(), "0/1000000", at(30))).toEqual({ confirmedAtMs: null, stoppedAtMs: at(4), boundSeconds: null, oldestSampleAtMs: at(0) });
  });

  test("is unknown when the primary never answered a sample", () => {
    expect(computeLossWindow(history({ samples: [], lastAnsweredAtMs: null, firstUnansweredAtMs: at(1) }), "0/3000000", at(30)).confirmedAtMs).toBeNull();
  });
});

describe("the bound in words", () => {
  const bound: LossBound = {
    confirmedAt: "2026-12-07T10:00:01.250Z",
    boundSeconds: 4,
    stoppedAnsweringAt: "2026-12-07T10:00:05.000Z",
    unknownSince: null,
    replica: "replica1",
    replayLsn: "0/3000200",
    receiveLsn: "0/3000300",
    lastSampleLagBytes: 0,
    lastSampleLagSeconds: 0,
    lastSampleAgeSeconds: 4.2,
    acknowledgedSince: { auditEntries: 301, executions: 2, isComplete: true },
  };

  test("names the confirmed time, the seconds at risk and what this instance acknowledged since", () => {
    expect(describeLossBound(bound).loss).toBe(
      "every write acknowledged after 2026-12-07 10:00:01 UTC may be lost: the writes of the last 4 s before the primary stopped answering (this instance acknowledged 301 audit entries and 2 workflow executions in that time)",
    );
  });

  test("shows a stale sample's zero lag with its age, never as the loss", () => {
    const { loss, warnings } = describeLossBound(bound);
    expect(loss).not.toMatch(/0 B/);
    expect(warnings).toEqual([
      "replica1 has replayed up to 0/3000200 (received up to 0/3000300)",
      "the last replica health sample while the primary answered showed 0 B / 0.0 s of lag, but it is 4.2 s old: it says nothing about the writes after it",
    ]);
  });

  test("without a confirmed time says unknown, back to the oldest sample, and that the count may be short", () => {
    const unknown = { ...bound, confirmedAt: null, boundSeconds: null, unknownSince: "2026-12-07T09:50:00.000Z", acknowledgedSince: { auditEntries: 12, executions: 0, isComplete: false } };
    expect(describeLossBound(unknown).loss).toMatch(/^unknown: possibly every write since 2026-12-07 09:50:00 UTC .*at least 12 audit entries/);
  });
});

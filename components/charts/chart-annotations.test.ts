import { describe, expect, test } from "vitest";
import { groupAnnotations, type ChartAnnotation } from "./chart-annotations";

const at = (id: string, atMs: number, tone: ChartAnnotation["tone"] = "info"): ChartAnnotation => ({ id, atMs, title: id, detail: "", tone });

describe("groupAnnotations", () => {
  test("events closer than the span share a marker at the first one, with the worst tone", () => {
    const groups = groupAnnotations([at("b", 1_050, "critical"), at("a", 1_000), at("c", 5_000, "warning")], 100);
    expect(groups.map(({ key, atMs, tone, items }) => ({ key, atMs, tone, count: items.length }))).toEqual([
      { key: "a b", atMs: 1_000, tone: "critical", count: 2 },
      { key: "c", atMs: 5_000, tone: "warning", count: 1 },
    ]);
  });

  test("an event exactly one span after the first starts a new marker", () => {
    expect(groupAnnotations([at("a", 0), at("b", 99), at("c", 100)], 100).map((group) => group.key)).toEqual(["a b", "c"]);
  });
});

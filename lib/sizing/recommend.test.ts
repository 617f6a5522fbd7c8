import { describe, expect, test } from "vitest";
import { postgresqlSettingsForTier } from "./postgresql-conf";
import { recommendSizing, type CurrentSizing } from "./recommend";

const SMALL_AS_GUIDE: CurrentSizing = { instances: 2, vcpusPerInstance: 2, memoryGbPerInstance: 4, writePoolMax: 20, readPoolMax: 15, postgresql: postgresqlSettingsForTier("small") };

describe("recommendSizing", () => {
  test("lists nothing to change when the deployment already matches its tier", () => {
    const result = recommendSizing(50, SMALL_AS_GUIDE);
    expect(result.tier).toBe("small");
    expect(result.changes).toEqual([]);
    expect(result.current).toEqual({ instances: 2, vcpusPerInstance: 2, memoryGbPerInstance: 4, writePoolMax: 20, readPoolMax: 15 });
  });

  test("growing past 1000 users asks for the large tier's instances, machines and settings", () => {
    const result = recommendSizing(1001, SMALL_AS_GUIDE);
    expect(result.tier).toBe("large");
    expect(result.recommended.app).toMatchObject({ minInstances: 5, maxInstances: 10, vcpus: 8, memoryGb: 16 });
    const items = Object.fromEntries(result.changes.map((change) => [change.item, [change.current, change.recommended]]));
    expect(items).toMatchObject({
      "app.instances": [2, 5],
      "app.vcpusPerInstance": [2, 8],
      "app.memoryGbPerInstance": [4, 16],
      "postgresql.max_connections": ["200", "220"],
      "postgresql.shared_buffers": ["256MB", "1GB"],
    });
    expect(items).not.toHaveProperty("db.writePoolMax");
  });

  test("flags instances above the tier's maximum and pools that differ from the guide's", () => {
    const result = recommendSizing(100, { ...SMALL_AS_GUIDE, instances: 4, writePoolMax: 10, readPoolMax: 30 });
    expect(result.changes).toEqual([
      { item: "app.instances", current: 4, recommended: 2, reason: "the tier needs at most 2 instances" },
      { item: "db.writePoolMax", current: 10, recommended: 20, reason: "10 connections is below the tier's 20 connections" },
      { item: "db.readPoolMax", current: 30, recommended: 15, reason: "30 connections is above the tier's 15 connections" },
    ]);
  });

  test("lists every postgresql.conf setting with a null current value when the live settings are unknown", () => {
    const result = recommendSizing(500, { ...SMALL_AS_GUIDE, postgresql: null });
    const postgresql = result.changes.filter((change) => change.item.startsWith("postgresql."));
    expect(postgresql).toHaveLength(Object.keys(postgresqlSettingsForTier("medium")).length);
    expect(postgresql.every((change) => change.current === null)).toBe(true);
  });
});

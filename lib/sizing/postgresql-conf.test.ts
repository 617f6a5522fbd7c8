import { describe, expect, test } from "vitest";
import { GUIDE_POOL_SIZES, postgresqlSettingsForTier, renderPostgresqlConf } from "./postgresql-conf";
import { TIER_RESOURCES } from "./tiers";

describe("postgresqlSettingsForTier", () => {
  test("small is the guide's postgresql.conf, value for value", () => {
    expect(postgresqlSettingsForTier("small")).toEqual({
      max_connections: "200",
      shared_buffers: "256MB",
      effective_cache_size: "1GB",
      work_mem: "4MB",
      maintenance_work_mem: "64MB",
      wal_level: "replica",
      max_wal_senders: "3",
      wal_keep_size: "64",
      checkpoint_completion_target: "0.9",
      default_statistics_target: "100",
    });
  });

  test.each([
    ["medium", "512MB", "2GB", "128MB", "4"],
    ["large", "1GB", "4GB", "256MB", "5"],
  ] as const)("%s scales memory with the master's RAM and adds a WAL sender per replica", (tier, sharedBuffers, cache, maintenance, senders) => {
    expect(postgresqlSettingsForTier(tier)).toMatchObject({ shared_buffers: sharedBuffers, effective_cache_size: cache, maintenance_work_mem: maintenance, max_wal_senders: senders, work_mem: "4MB" });
  });

  test.each(["small", "medium", "large"] as const)("%s leaves room for every instance's full write pool at the tier's maximum", (tier) => {
    const writeConnections = TIER_RESOURCES[tier].app.maxInstances * GUIDE_POOL_SIZES.writePoolMax;
    expect(Number(postgresqlSettingsForTier(tier).max_connections)).toBeGreaterThan(writeConnections + 3);
  });

  test("renders one `name = value` line per setting under a comment header", () => {
    const lines = renderPostgresqlConf("medium").trimEnd().split("\n");
    expect(lines[0]).toMatch(/^# postgresql\.conf for the medium tier/);
    expect(lines.filter((line) => !line.startsWith("#"))).toContain("shared_buffers = 512MB");
    expect(lines.filter((line) => !line.startsWith("#")).every((line) => /^[a-z_]+ = [\w.]+$/.test(line))).toBe(true);
  });
});

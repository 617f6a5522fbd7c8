import { describe, expect, test } from "vitest";
import { compareSettings, embeddedServerSettings, normalizeSetting } from "./embedded-settings";
import { postgresqlSettingsForTier } from "./postgresql-conf";

describe("embedded server settings", () => {
  test("are the small tier's postgresql.conf, with the two local WAL exceptions", () => {
    const settings = embeddedServerSettings();
    expect(settings).toMatchObject({ max_connections: "200", shared_buffers: "256MB", effective_cache_size: "1GB", work_mem: "4MB", maintenance_work_mem: "64MB" });
    expect(settings).toMatchObject({ max_wal_senders: "5", wal_keep_size: "256MB" });
  });

  test("units compare by size: SHOW's 64MB equals the tier's bare 64 for wal_keep_size; 1GB equals 1024MB", () => {
    expect(normalizeSetting("wal_keep_size", "64")).toBe(normalizeSetting("wal_keep_size", "64MB"));
    expect(normalizeSetting("effective_cache_size", "1GB")).toBe(normalizeSetting("effective_cache_size", "1024MB"));
    expect(normalizeSetting("max_connections", "200")).not.toBe(normalizeSetting("max_connections", "100"));
  });

  test("a live value that differs from the tier is flagged, with the reason where it is deliberate", () => {
    const rows = compareSettings(postgresqlSettingsForTier("small"), { max_connections: "100", shared_buffers: "256MB", wal_keep_size: "256MB" });
    expect(rows.find((row) => row.name === "max_connections")).toMatchObject({ live: "100", differs: true, reason: null });
    expect(rows.find((row) => row.name === "shared_buffers")).toMatchObject({ differs: false });
    expect(rows.find((row) => row.name === "wal_keep_size")).toMatchObject({ differs: true, reason: expect.stringContaining("kept WAL") });
    expect(rows.find((row) => row.name === "work_mem")).toMatchObject({ live: null, differs: true });
  });
});

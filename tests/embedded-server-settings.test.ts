import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { compareSettings, EMBEDDED_SETTING_OVERRIDES } from "@/lib/sizing/embedded-settings";
import { postgresqlSettingsForTier } from "@/lib/sizing/postgresql-conf";
import { query } from "./support/sql";

// The embedded primary and replica (what `npm start` runs) report the small tier's settings in SHOW.
let cluster: EmbeddedCluster;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-settings-test-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function show(url: string, name: string): Promise<string> {
  const [row] = await query<Record<string, string>>(url, `show ${name}`);
  return Object.values(row!)[0]!;
}

describe("the embedded PostgreSQL", () => {
  test("the primary and the replica run max_connections 200 and shared_buffers 256MB, as the guide's small tier", async () => {
    for (const url of [cluster.primaryUrl, cluster.replicaUrl]) {
      expect(await show(url, "max_connections")).toBe("200");
      expect(await show(url, "shared_buffers")).toBe("256MB");
    }
  });

  test("every setting of the small tier's postgresql.conf matches SHOW, except the named local WAL exceptions", async () => {
    const tier = postgresqlSettingsForTier("small");
    const live = Object.fromEntries(await Promise.all(Object.keys(tier).map(async (name) => [name, await show(cluster.primaryUrl, name)] as const)));
    const differing = compareSettings(tier, live).filter((row) => row.differs);
    expect(differing.map((row) => row.name).sort()).toEqual(Object.keys(EMBEDDED_SETTING_OVERRIDES).sort());
    expect(differing.every((row) => row.reason !== null)).toBe(true);
  });
});

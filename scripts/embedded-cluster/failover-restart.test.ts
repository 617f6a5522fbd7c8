import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { DataDirGuardError, readTimeline, removeDataDir } from "./data-dirs";
import { ClusterRolesUnclearError, settleRolesAfterFailover } from "./failover-restart";
import type { LogSink } from "./log-sink";

// Data dirs made of the files the decisions read (PG_VERSION, standby.signal, backup_label,
// pg_wal/*.history): the cases that need no running server. The ones that read a promotion
// epoch run on real servers in tests/embedded-cluster-failover-restart.test.ts.
const tempDirs: string[] = [];

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function makeDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "failover-restart-unit-"));
  tempDirs.push(dir);
  return dir;
}

function fakeServerDir(dir: string, { timeline, isStandby = false, isUnfinishedCopy = false }: { timeline: number; isStandby?: boolean; isUnfinishedCopy?: boolean }): string {
  fs.mkdirSync(path.join(dir, "pg_wal"), { recursive: true });
  fs.writeFileSync(path.join(dir, "PG_VERSION"), "17\n");
  for (let tli = 2; tli <= timeline; tli++) fs.writeFileSync(path.join(dir, "pg_wal", `${tli.toString(16).toUpperCase().padStart(8, "0")}.history`), "");
  if (isStandby) fs.writeFileSync(path.join(dir, "standby.signal"), "");
  if (isUnfinishedCopy) fs.writeFileSync(path.join(dir, "backup_label"), "");
  return dir;
}

const silentSink: LogSink = { write: () => {}, tail: () => "", close: () => {} };

function settle(dataDir: string, notes: string[] = []) {
  return settleRolesAfterFailover({
    dataDir,
    primaryDir: path.join(dataDir, "primary"),
    replicaDir: path.join(dataDir, "replica"),
    port: 1,
    persistent: true,
    identity: undefined,
    sink: silentSink,
    note: (line) => notes.push(line),
  });
}

describe("removeDataDir", () => {
  test("refuses a dir on a newer timeline than its source, deletes one on the same timeline", () => {
    const dataDir = makeDataDir();
    const promoted = fakeServerDir(path.join(dataDir, "promoted"), { timeline: 2 });
    expect(readTimeline(promoted)).toBe(2);
    expect(() => removeDataDir(promoted, { timeline: 1, epoch: 0 }, "rebuilding the replica")).toThrow(DataDirGuardError);
    expect(fs.existsSync(promoted)).toBe(true);
    removeDataDir(promoted, { timeline: 2, epoch: null }, "rebuilding the replica");
    expect(fs.existsSync(promoted)).toBe(false);
  });

  test("refuses a dir with a newer promotion epoch than its source", () => {
    const dir = fakeServerDir(path.join(makeDataDir(), "replica"), { timeline: 1 });
    expect(() => removeDataDir(dir, { timeline: 1, epoch: 1 }, "test", 2)).toThrow(/promotion epoch 2, newer than epoch 1/);
  });
});

describe("settleRolesAfterFailover without a server", () => {
  test("leaves an ordinary primary + standby alone, and an unfinished replica copy to be rebuilt", async () => {
    const dataDir = makeDataDir();
    fakeServerDir(path.join(dataDir, "primary"), { timeline: 1 });
    fakeServerDir(path.join(dataDir, "replica"), { timeline: 1, isStandby: true });
    await settle(dataDir);
    fs.rmSync(path.join(dataDir, "replica", "standby.signal"));
    fs.writeFileSync(path.join(dataDir, "replica", "backup_label"), "");
    await settle(dataDir);
    expect(fs.readdirSync(dataDir).sort()).toEqual(["primary", "replica"]);
  });

  test("finishes a swap an earlier start began: the promoted replica becomes primary/", async () => {
    const dataDir = makeDataDir();
    fakeServerDir(path.join(dataDir, "former-primary-epoch-0"), { timeline: 1 });
    fakeServerDir(path.join(dataDir, "replica"), { timeline: 2 });
    await settle(dataDir);
    expect(fs.readdirSync(dataDir).sort()).toEqual(["former-primary-epoch-0", "primary"]);
    expect(readTimeline(path.join(dataDir, "primary"))).toBe(2);
  });

  test.each([
    { case: "both primaries on one timeline", primary: 2, replica: 2 },
    { case: "the replica out of recovery on an older timeline", primary: 3, replica: 2 },
  ])("refuses, changing nothing: $case", async ({ primary, replica }) => {
    const dataDir = makeDataDir();
    fakeServerDir(path.join(dataDir, "primary"), { timeline: primary });
    fakeServerDir(path.join(dataDir, "replica"), { timeline: replica });
    await expect(settle(dataDir)).rejects.toThrow(ClusterRolesUnclearError);
    expect(fs.readdirSync(dataDir).sort()).toEqual(["primary", "replica"]);
  });

  test("refuses when primary/ is itself a standby", async () => {
    const dataDir = makeDataDir();
    fakeServerDir(path.join(dataDir, "primary"), { timeline: 1, isStandby: true });
    await expect(settle(dataDir)).rejects.toThrow(/is a standby/);
  });
});

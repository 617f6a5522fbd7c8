import { randomUUID } from "node:crypto";
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { promotionRunRow } from "@/tests/support/procedure-runs";
import { foldEntries, runAsJournaled, toJournalRun, withJournalMark, type JournalEntry } from "./entries";
import { FileJournalStore } from "./journal-store";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-test-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const run = promotionRunRow;

const base = (seq: number) => ({ id: randomUUID(), seq, at: new Date(Date.UTC(2026, 11, 7, 3, 0, seq)).toISOString(), audit: null });

describe("folding journal entries", () => {
  test("a journaled run takes each change whose from-status matches, in order, with dates revived", () => {
    const requested = run();
    const entries: JournalEntry[] = [
      { ...base(1), kind: "run_requested", run: toJournalRun(requested) },
      { ...base(2), kind: "run_changed", runId: requested.id, from: ["awaiting_approval"], change: { status: "running", approvedByEmail: "admin@agency.test", approvedAt: "2026-12-07T03:01:00.000Z" } },
      // A second approval of the same run no longer matches: it was running by then.
      { ...base(3), kind: "run_changed", runId: requested.id, from: ["awaiting_approval"], change: { status: "running", approvedByEmail: "other@agency.test" } },
      { ...base(4), kind: "run_changed", runId: requested.id, from: ["running"], change: { progress: { done: 1, total: 3, message: "fencing" } } },
    ];
    const row = runAsJournaled(foldEntries(entries), requested.id, null)!;
    expect(row).toMatchObject({ status: "running", approvedByEmail: "admin@agency.test", progress: { done: 1, total: 3, message: "fencing" } });
    expect(row.approvedAt).toEqual(new Date("2026-12-07T03:01:00.000Z"));
    expect(row.createdAt).toEqual(requested.createdAt);
  });

  test("a change to a run the database holds applies on top of the replica's row; unknown runs stay unknown", () => {
    const fromReplica = run();
    const state = foldEntries([{ ...base(1), kind: "run_changed", runId: fromReplica.id, from: ["awaiting_approval"], change: { status: "failed", error: "cancelled by sre@agency.test" } }]);
    expect(runAsJournaled(state, fromReplica.id, fromReplica)).toMatchObject({ status: "failed", error: "cancelled by sre@agency.test" });
    expect(runAsJournaled(state, randomUUID(), null)).toBeNull();
  });

  test("step-ups keep the newest matched check per session; refused ones unlock nothing", () => {
    const state = foldEntries([
      { ...base(1), kind: "step_up", sessionId: "s1", userId: "u1", matched: true },
      { ...base(2), kind: "step_up", sessionId: "s1", userId: "u1", matched: false },
      { ...base(3), kind: "step_up", sessionId: "s1", userId: "u1", matched: true },
      { ...base(4), kind: "step_up", sessionId: "s2", userId: "u2", matched: false },
    ]);
    expect(state.stepUps.get("s1")).toEqual(new Date(base(3).at));
    expect(state.stepUps.has("s2")).toBe(false);
  });

  test("the audit entry says when and why it was journaled, keeping what it recorded", () => {
    expect(withJournalMark({ status: "running" }, "e1", "2026-12-07T03:00:00.000Z")).toEqual({
      status: "running",
      breakGlass: { entryId: "e1", journaledAt: "2026-12-07T03:00:00.000Z", reason: "the database primary was unreachable" },
    });
    expect(withJournalMark(null, "e2", "t")).toMatchObject({ breakGlass: { entryId: "e2" } });
  });
});

describe("the file journal", () => {
  test("concurrent changes are serialised by the lock: one run at a time holds even when both race", async () => {
    const store = new FileJournalStore(tempDir());
    const attempts = Array.from({ length: 20 }, () =>
      store
        .update((entries) => {
          if (foldEntries(entries).createdRuns.size > 0) throw new Error("already requested");
          const requested = run();
          return { append: [{ kind: "run_requested" as const, id: randomUUID(), at: new Date().toISOString(), audit: null, run: toJournalRun(requested) }], result: requested.id };
        })
        .then(
          () => "ok",
          () => "refused",
        ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(1);
    expect((await store.read()).map((entry) => entry.seq)).toEqual([1]);
  });

  test("appends from other processes interleave whole and are numbered in order", async () => {
    const dir = tempDir();
    const writer = path.join(dir, "writer.mjs");
    // A second process appends through the same lock protocol (exclusive lock file, fsync'd line).
    fs.writeFileSync(
      writer,
      `import fs from "node:fs";
       const [dir, count] = process.argv.slice(2);
       const lock = dir + "/journal.lock";
       for (let i = 0; i < Number(count); i++) {
         for (;;) { try { fs.writeFileSync(lock, String(process.pid), { flag: "wx" }); break; } catch { await new Promise((r) => setTimeout(r, 1)); } }
         const text = fs.existsSync(dir + "/journal.jsonl") ? fs.readFileSync(dir + "/journal.jsonl", "utf8") : "";
         const seq = text.split("\\n").filter(Boolean).length + 1;
         fs.appendFileSync(dir + "/journal.jsonl", JSON.stringify({ kind: "step_up", id: "child-" + i, seq, at: new Date().toISOString(), audit: null, sessionId: "child", userId: "child", matched: true }) + "\\n");
         fs.rmSync(lock);
       }`,
    );
    const child = fork(writer, [dir, "20"]);
    const store = new FileJournalStore(dir);
    for (let index = 0; index < 20; index++) {
      await store.update(() => ({ append: [{ kind: "step_up", id: `parent-${index}`, at: new Date().toISOString(), audit: null, sessionId: "parent", userId: "parent", matched: true }], result: null }));
    }
    await new Promise((resolve) => child.once("exit", resolve));
    const entries = await store.read();
    expect(entries).toHaveLength(40);
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  }, 30_000);

  test("a lock left by a dead process is taken over; drain archives the journal and starts it empty", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "journal.lock"), "999999999");
    const store = new FileJournalStore(dir);
    await store.update(() => ({ append: [{ kind: "step_up", id: randomUUID(), at: new Date().toISOString(), audit: null, sessionId: "s", userId: "u", matched: true }], result: null }));
    const seen: number[] = [];
    expect(await store.drain(async (entries) => void seen.push(entries.length))).toBe(1);
    expect(seen).toEqual([1]);
    expect(await store.read()).toEqual([]);
    expect(await store.drain(async () => {})).toBe(0);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("journal-replayed-"))).toHaveLength(1);
  });

  test("a failed replay keeps every entry for the next attempt", async () => {
    const store = new FileJournalStore(tempDir());
    await store.update(() => ({ append: [{ kind: "step_up", id: randomUUID(), at: new Date().toISOString(), audit: null, sessionId: "s", userId: "u", matched: true }], result: null }));
    await expect(store.drain(async () => Promise.reject(new Error("connection refused")))).rejects.toThrow("connection refused");
    expect(await store.read()).toHaveLength(1);
  });
});

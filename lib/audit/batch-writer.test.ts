import { describe, expect, test } from "vitest";
import { AuditBatchWriter } from "./batch-writer";
import type { AuditEntryInput } from "./repo";

const entry = (target: string): AuditEntryInput => ({ actorUserId: "u", actorEmail: "e", tenantId: null, action: "authz.denied", target, before: null, after: null, requestId: "r" });

function setup(options: { maxBatch?: number; maxPending?: number; fail?: boolean } = {}) {
  const statements: string[][] = [];
  const errors: number[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const writer = new AuditBatchWriter({
    write: async (entries) => {
      await gate;
      statements.push(entries.map((item) => item.target));
      if (options.fail) throw new Error("database down");
    },
    onError: (_error, count) => errors.push(count),
    maxBatch: options.maxBatch ?? 3,
    maxPending: options.maxPending ?? 100,
    droppedEntry: (count) => entry(`dropped:${count}`),
  });
  return {
    writer,
    statements,
    errors,
    hold: () => {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

describe("AuditBatchWriter", () => {
  test("one write at a time: what arrives during a write goes into the next batch, at most maxBatch per statement", async () => {
    const { writer, statements, hold, release } = setup();
    hold();
    const first = writer.record(entry("a"));
    const rest = ["b", "c", "d", "e"].map((target) => writer.record(entry(target)));
    release();
    await Promise.all([first, ...rest]);

    expect(statements).toEqual([["a"], ["b", "c", "d"], ["e"]]);
  });

  test("record resolves only after its batch is written", async () => {
    const { writer, statements, hold, release } = setup();
    hold();
    let resolved = false;
    const written = writer.record(entry("a")).then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    release();
    await written;
    expect(statements).toEqual([["a"]]);
  });

  test("beyond maxPending entries are counted and the count is written with the next batch", async () => {
    const { writer, statements, hold, release } = setup({ maxPending: 2, maxBatch: 10 });
    hold();
    const all = ["a", "b", "c", "d", "e"].map((target) => writer.record(entry(target)));
    release();
    await Promise.all(all);

    expect(statements).toEqual([["a"], ["b", "c", "dropped:2"]]);
  });

  test("a failed write is reported and its callers still resolve", async () => {
    const { writer, errors } = setup({ fail: true });
    await Promise.all([writer.record(entry("a")), writer.record(entry("b"))]);
    expect(errors).toEqual([1, 1]);
  });
});

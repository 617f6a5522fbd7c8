import { describe, expect, test } from "vitest";
import { CacheWarming, warmEach } from "@/lib/cache/warming";
import type { ProcedureProgress, ProcedureRunContext } from "../procedure";
import { createCacheWarmProcedure } from "./cache-warm";

function runContext(progress: ProcedureProgress[]): ProcedureRunContext {
  return {
    runId: "run-1",
    actor: { userId: "u1", email: "sre@agency.test" },
    approver: null,
    requestId: "r1",
    signal: new AbortController().signal,
    progress: async (update) => void progress.push(update),
  };
}

/** Real warmers on a real CacheWarming: items warmed one by one, some failing. */
async function warmingWith(failing: Set<number>): Promise<CacheWarming> {
  const warming = new CacheWarming();
  await warming.register({
    name: "popular-templates",
    cron: "*/30 * * * *",
    run: (report) => warmEach(Array.from({ length: 12 }, (_, index) => index), async (item) => {
      if (failing.has(item)) throw new Error(`item ${item} failed`);
    }, report),
  });
  await warming.register({ name: "dashboard-stats", cron: "*/10 * * * *", run: (report) => warmEach([1, 2, 3], async () => {}, report) });
  return warming;
}

describe("cache warming now", () => {
  test("runs every warmer with live progress and reports the counts", async () => {
    const warming = await warmingWith(new Set([4, 9]));
    const procedure = createCacheWarmProcedure({ warmNow: (name, onProgress) => warming.warmNow(name, onProgress) });
    const progress: ProcedureProgress[] = [];
    const outcome = await procedure.run({ warmer: "all" }, runContext(progress));
    expect(outcome.details).toMatchObject({ warmed: 13, failed: 2, total: 15 });
    expect(outcome.changes.map((change) => change.to)).toEqual([
      expect.stringMatching(/^10 warmed, 2 failed of 12 in \d+\.\d s$/),
      expect.stringMatching(/^3 warmed, 0 failed of 3 in \d+\.\d s$/),
    ]);
    const messages = progress.map((update) => update.message);
    expect(messages).toContain("popular-templates (1 of 2): 12 of 12 warmed, 2 failed");
    expect(messages).toContain("dashboard-stats (2 of 2): 3 of 3 warmed");
    expect(progress.at(-1)).toEqual({ done: 15, total: 15, message: "13 warmed, 2 failed of 15" });
  });

  test("one warmer by name; the preview says what will be warmed", async () => {
    const warming = await warmingWith(new Set());
    const procedure = createCacheWarmProcedure({ warmNow: (name, onProgress) => warming.warmNow(name, onProgress) });
    const preview = await procedure.preview({ warmer: "dashboard-stats" }, { actor: { userId: "u1", email: "sre@agency.test" } });
    expect(preview.changes).toEqual([{ label: "cache warmer dashboard-stats", from: "next schedule", to: "now: dashboard stats of tenants active in the last 24 h" }]);
    const outcome = await procedure.run({ warmer: "dashboard-stats" }, runContext([]));
    expect(outcome.details).toMatchObject({ warmed: 3, failed: 0, total: 3 });
  });

  test("fails when every warmer fails", async () => {
    const warming = new CacheWarming();
    await warming.register({ name: "popular-templates", cron: "* * * * *", run: async () => { throw new Error("database down"); } });
    const procedure = createCacheWarmProcedure({ warmNow: (name, onProgress) => warming.warmNow(name, onProgress) });
    await expect(procedure.run({ warmer: "popular-templates" }, runContext([]))).rejects.toThrow("every warmer failed: popular-templates: database down");
  });
});

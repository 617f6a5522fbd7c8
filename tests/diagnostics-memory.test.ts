import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { detectMemoryLeak, MEMORY_THRESHOLDS, type MemorySample } from "@/lib/diagnostics/memory/detect";

/**
 * A child that retains 40 blocks of 2 MB: all at once and then holds them ("steady"), or one
 * per 100 ms tick ("leak"). Each tick it collects garbage and reports process.memoryUsage().
 */
const CHILD = `
const mode = process.argv[1];
const kept = [];
const block = (i) => new Array(256 * 1024).fill(i);
if (mode === "steady") for (let i = 0; i < 40; i++) kept.push(block(i));
let tick = 0;
const timer = setInterval(() => {
  if (mode === "leak" && kept.length < 40) kept.push(block(tick));
  tick++;
  globalThis.gc();
  const usage = process.memoryUsage();
  process.send({ atMs: Date.now(), heapUsedBytes: usage.heapUsed, rssBytes: usage.rss, heapLimitBytes: require("node:v8").getHeapStatistics().heap_size_limit, eventLoopLagSeconds: null });
  if (tick >= 45) { clearInterval(timer); process.disconnect(); }
}, 100);
`;

function sampleChild(mode: "leak" | "steady"): Promise<MemorySample[]> {
  return new Promise((resolve, reject) => {
    const samples: MemorySample[] = [];
    const child = spawn(process.execPath, ["--expose-gc", "-e", CHILD, mode], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.on("message", (message) => samples.push(message as MemorySample));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(samples) : reject(new Error(`child exited with ${code}`))));
  });
}

// The child's life is seconds, not the 10 min the production window wants: same rule, shorter window.
const THRESHOLDS = { ...MEMORY_THRESHOLDS, minWindowMs: 3_000 };

describe("memory leak detector on a real process", () => {
  test("flags a process that keeps retaining memory, and not a steady one of the same heap size", async () => {
    const [leaking, steady] = await Promise.all([sampleChild("leak"), sampleChild("steady")]);

    const leak = detectMemoryLeak(leaking, THRESHOLDS);
    expect(["warning", "critical"]).toContain(leak.state);
    expect(leak.evidence.heap!.slopeMbPerMin).toBeGreaterThan(THRESHOLDS.slopeWarningMbPerMin);
    expect(leak.evidence.heap!.r2).toBeGreaterThan(0.8);
    expect(leak.evidence.rss!.slopeMbPerMin).toBeGreaterThan(0);

    const calm = detectMemoryLeak(steady, THRESHOLDS);
    expect(calm.state).toBe("ok");
    expect(calm.reasons).toEqual([]);

    // Same retained size at the end: the difference is growth, not size.
    const finalLeak = leaking.at(-1)!.heapUsedBytes;
    const finalSteady = steady.at(-1)!.heapUsedBytes;
    expect(Math.abs(finalLeak - finalSteady) / finalSteady).toBeLessThan(0.2);
  });
});

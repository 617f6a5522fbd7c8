import { describe, expect, test } from "vitest";
import { deleteHeapSnapshot, listHeapSnapshots, openHeapSnapshot, takeHeapSnapshot } from "@/lib/diagnostics/heap-snapshots";
import { NotFoundError } from "@/lib/http/errors";

describe("heap snapshots", () => {
  test("a snapshot of this process is listed with its pid and downloads as V8's snapshot JSON", async () => {
    const info = takeHeapSnapshot("admin@agency.test");
    try {
      expect(info).toMatchObject({ pid: process.pid });
      expect(info.sizeBytes).toBeGreaterThan(1_000_000);
      expect(listHeapSnapshots().map((snapshot) => snapshot.id)).toContain(info.id);

      const { stream } = openHeapSnapshot(info.id);
      const head = await new Promise<string>((resolve, reject) => {
        stream.once("data", (chunk) => {
          stream.destroy();
          resolve(chunk.toString().slice(0, 20));
        });
        stream.once("error", reject);
      });
      expect(head).toMatch(/^\{"snapshot":/);
    } finally {
      deleteHeapSnapshot(info.id);
    }
    expect(listHeapSnapshots().map((snapshot) => snapshot.id)).not.toContain(info.id);
  });

  test("only ids of our own pattern are opened, never a path", () => {
    expect(() => openHeapSnapshot("../../etc/passwd")).toThrow(NotFoundError);
    expect(() => openHeapSnapshot("heap-1-2.heapsnapshot")).toThrow(NotFoundError);
  });
});

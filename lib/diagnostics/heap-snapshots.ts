import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { NotFoundError } from "@/lib/http/errors";
import { logger } from "@/lib/logging/logger";

export type HeapSnapshotInfo = { id: string; pid: number; sizeBytes: number; createdAt: string };

const SNAPSHOT_DIR = path.join(os.tmpdir(), "agency-heap-snapshots");
const ID_PATTERN = /^heap-(\d+)-(\d+)\.heapsnapshot$/;

function describe(id: string): HeapSnapshotInfo {
  const stat = fs.statSync(path.join(SNAPSHOT_DIR, id));
  return { id, pid: Number(ID_PATTERN.exec(id)![1]), sizeBytes: stat.size, createdAt: stat.mtime.toISOString() };
}

/**
 * Writes this instance's heap to the temp dir. V8 stops the process while it writes (seconds
 * for a large heap, and about the heap's size again in memory), so only admins may ask.
 */
export function takeHeapSnapshot(actorEmail: string, now = new Date()): HeapSnapshotInfo {
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const id = `heap-${process.pid}-${now.getTime()}.heapsnapshot`;
  v8.writeHeapSnapshot(path.join(SNAPSHOT_DIR, id));
  const info = describe(id);
  logger.info("audit", { audit: true, action: "diagnostics.heap-snapshot", actor: actorEmail, snapshot: id, sizeBytes: info.sizeBytes });
  return info;
}

/**
 * Snapshots written by any instance on this machine, newest first: the local instances share
 * the temp dir, so whichever instance answers can list and serve them (each names its pid).
 */
export function listHeapSnapshots(): HeapSnapshotInfo[] {
  if (!fs.existsSync(SNAPSHOT_DIR)) return [];
  return fs
    .readdirSync(SNAPSHOT_DIR)
    .filter((id) => ID_PATTERN.test(id))
    .map(describe)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function openHeapSnapshot(id: string): { stream: fs.ReadStream; info: HeapSnapshotInfo } {
  // The id names a file: only our own pattern, never a path.
  if (!ID_PATTERN.test(id) || !fs.existsSync(path.join(SNAPSHOT_DIR, id))) throw new NotFoundError(`no heap snapshot ${id} on this machine`);
  return { stream: fs.createReadStream(path.join(SNAPSHOT_DIR, id)), info: describe(id) };
}

/** Removes a snapshot file (they are large and the temp dir is shared by every instance). */
export function deleteHeapSnapshot(id: string): void {
  if (!ID_PATTERN.test(id)) throw new NotFoundError(`no heap snapshot ${id} on this machine`);
  fs.rmSync(path.join(SNAPSHOT_DIR, id), { force: true });
}

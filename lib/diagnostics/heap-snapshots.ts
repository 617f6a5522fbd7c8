import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { env, type Env } from "@/lib/env";
import { ConflictError, NotFoundError, TooManyRequestsError } from "@/lib/http/errors";
import { logger } from "@/lib/logging/logger";

export type HeapSnapshotInfo = { id: string; pid: number; sizeBytes: number; createdAt: string };

/**
 * A snapshot holds every secret in the process (session signing key, database URL, metrics
 * token, live cookies, recent request bodies) and V8 stops the process while writing it, with
 * the heap's size again in memory and on disk. Hence one at a time across the cluster, few, short-lived.
 */
const HEAP_SNAPSHOT_LIMITS = { minIntervalSeconds: 600, maxAgeSeconds: 3600, maxKept: 3 } as const;

const AUDIT_ACTION = "heap_snapshot.take";
// Every instance sharing the database contends for the same key (hashtext is stable).
const LOCK_KEY = "heap_snapshot.take";
const ID_PATTERN = /^heap-(\d+)-(\d+)\.heapsnapshot$/;

/** Unset means on outside production and off in it: production heaps hold real secrets. */
export function areHeapSnapshotsEnabled(config: Pick<Env, "NODE_ENV" | "HEAP_SNAPSHOTS_ENABLED">): boolean {
  return config.HEAP_SNAPSHOTS_ENABLED ?? config.NODE_ENV !== "production";
}

/** Seconds until the next snapshot is allowed after one taken at `lastTakenAt`, or 0. */
function secondsUntilNextSnapshot(lastTakenAt: Date | null, now: Date): number {
  if (!lastTakenAt) return 0;
  return Math.max(0, Math.ceil(HEAP_SNAPSHOT_LIMITS.minIntervalSeconds - (now.getTime() - lastTakenAt.getTime()) / 1000));
}

/** The snapshot folder, shared by the instances on this machine (they list and serve each other's). */
export function heapSnapshotDir(): string {
  return path.resolve(process.cwd(), env().HEAP_SNAPSHOT_DIR);
}

function createdAtMs(id: string): number {
  return Number(ID_PATTERN.exec(id)![2]);
}

function describe(dir: string, id: string): HeapSnapshotInfo {
  const stat = fs.statSync(path.join(dir, id));
  return { id, pid: Number(ID_PATTERN.exec(id)![1]), sizeBytes: stat.size, createdAt: new Date(createdAtMs(id)).toISOString() };
}

function snapshotIdsNewestFirst(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((id) => ID_PATTERN.test(id))
    .sort((a, b) => createdAtMs(b) - createdAtMs(a) || b.localeCompare(a));
}

/** Deletes snapshots older than the maximum age and all but the newest `keep`. */
function pruneHeapSnapshots(dir: string, now: Date, keep: number = HEAP_SNAPSHOT_LIMITS.maxKept): void {
  const oldestKeptMs = now.getTime() - HEAP_SNAPSHOT_LIMITS.maxAgeSeconds * 1000;
  snapshotIdsNewestFirst(dir).forEach((id, index) => {
    if (index >= keep || createdAtMs(id) < oldestKeptMs) fs.rmSync(path.join(dir, id), { force: true });
  });
}

/** Owner-only: chmod as well, because mkdir's mode is masked by the umask and ignored for an existing folder. */
function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** What taking a snapshot needs of the request: who asks (for the audit entry) and the primary. */
type SnapshotCtx = { requestId: string; viewer: { user: { id: string; email: string } }; db: { primary: PrismaClient } };

type SnapshotOptions = {
  dir?: string;
  now?: Date;
  /** Writes the heap to the (already created, owner-only) file; V8's writer unless a test passes one. */
  writeSnapshot?: (file: string) => void | Promise<void>;
};

/**
 * Writes this instance's heap to the snapshot folder. A transaction-scoped advisory lock makes it
 * one at a time across every process on the database, the newest audit entry spaces them out, and
 * that entry is committed before the heap is written: a snapshot that cannot be recorded is not taken.
 */
export async function takeHeapSnapshot(ctx: SnapshotCtx, options: SnapshotOptions = {}): Promise<HeapSnapshotInfo> {
  if (!areHeapSnapshotsEnabled(env())) {
    throw new ConflictError("heap snapshots are off in production: set HEAP_SNAPSHOTS_ENABLED=true on the instances to allow them");
  }
  const { dir = heapSnapshotDir(), now = new Date(), writeSnapshot = (file: string) => void v8.writeHeapSnapshot(file) } = options;
  // The lock lives as long as this transaction; the process pauses inside it while V8 writes, so
  // its timeout is generous. Nothing is written through `tx`: it only holds the lock.
  return ctx.db.primary.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${LOCK_KEY})) as locked`;
      if (!lock?.locked) {
        throw new TooManyRequestsError("another heap snapshot is being written right now; one at a time across all instances", HEAP_SNAPSHOT_LIMITS.minIntervalSeconds);
      }
      const windowStart = new Date(now.getTime() - HEAP_SNAPSHOT_LIMITS.minIntervalSeconds * 1000);
      const last = await tx.auditEntry.findFirst({ where: { action: AUDIT_ACTION, at: { gt: windowStart } }, orderBy: { at: "desc" }, select: { at: true } });
      const waitSeconds = secondsUntilNextSnapshot(last?.at ?? null, now);
      if (waitSeconds > 0) {
        const minutes = Math.ceil(waitSeconds / 60);
        throw new TooManyRequestsError(`a heap snapshot was taken at ${last!.at.toISOString()}; at most one per 10 minutes, try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, waitSeconds);
      }
      const id = `heap-${process.pid}-${now.getTime()}.heapsnapshot`;
      // Through the pool, not `tx`: the entry must be committed before the heap is written.
      await recordAudit(ctx.db.primary, {
        actorUserId: ctx.viewer.user.id,
        actorEmail: ctx.viewer.user.email,
        tenantId: null,
        action: AUDIT_ACTION,
        target: `heap_snapshot:${id}`,
        before: null,
        after: { snapshot: id, pid: process.pid, host: os.hostname() },
        requestId: ctx.requestId,
      });
      return writeHeapSnapshotFile(dir, id, now, writeSnapshot);
    },
    { maxWait: 5_000, timeout: 10 * 60_000 },
  );
}

async function writeHeapSnapshotFile(dir: string, id: string, now: Date, writeSnapshot: (file: string) => void | Promise<void>): Promise<HeapSnapshotInfo> {
  ensurePrivateDir(dir);
  // Room for this one first, so the folder never holds more than the maximum.
  pruneHeapSnapshots(dir, now, HEAP_SNAPSHOT_LIMITS.maxKept - 1);
  const file = path.join(dir, id);
  // Created owner-only before V8 opens it, so the heap is never readable by others, not even mid-write.
  fs.closeSync(fs.openSync(file, "wx", 0o600));
  await writeSnapshot(file);
  fs.chmodSync(file, 0o600);
  const info = describe(dir, id);
  logger.info("heap snapshot written", { snapshot: id, sizeBytes: info.sizeBytes });
  // Deleted after the maximum age even if nobody opens the page again (list and download prune too).
  setTimeout(() => pruneHeapSnapshots(dir, new Date()), HEAP_SNAPSHOT_LIMITS.maxAgeSeconds * 1000 + 1000).unref();
  return info;
}

/**
 * Snapshots written by any instance on this machine, newest first: the local instances share
 * the folder, so whichever instance answers can list and serve them (each names its pid).
 */
export function listHeapSnapshots(dir = heapSnapshotDir(), now = new Date()): HeapSnapshotInfo[] {
  pruneHeapSnapshots(dir, now);
  return snapshotIdsNewestFirst(dir).map((id) => describe(dir, id));
}

export function openHeapSnapshot(id: string, dir = heapSnapshotDir(), now = new Date()): { stream: fs.ReadStream; info: HeapSnapshotInfo } {
  pruneHeapSnapshots(dir, now);
  // The id names a file: only our own pattern, never a path.
  if (!ID_PATTERN.test(id) || !fs.existsSync(path.join(dir, id))) throw new NotFoundError(`no heap snapshot ${id} on this machine`);
  return { stream: fs.createReadStream(path.join(dir, id)), info: describe(dir, id) };
}

/** Removes a snapshot file before its hour is up (they are large and hold secrets). */
export function deleteHeapSnapshot(id: string, dir = heapSnapshotDir()): void {
  if (!ID_PATTERN.test(id)) throw new NotFoundError(`no heap snapshot ${id} on this machine`);
  fs.rmSync(path.join(dir, id), { force: true });
}

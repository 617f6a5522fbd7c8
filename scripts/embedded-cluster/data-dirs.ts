import fs from "node:fs";
import path from "node:path";

const STANDBY_SIGNAL = "standby.signal";
/** Present in a base-backup copy until its first start renames it: an unfinished replica build. */
const BACKUP_LABEL = "backup_label";
/** pg_control: ControlFileData.checkPointCopy.ThisTimeLineID (uint32) sits at byte 48 (PostgreSQL 12+). */
const PG_CONTROL_TIMELINE_OFFSET = 48;
const HISTORY_FILE = /^([0-9A-F]{8})\.history$/;

/** What the files of a data dir say about it, without starting a server on it. */
export type DataDirFacts = {
  dir: string;
  isInitialised: boolean;
  /** Has standby.signal: starts in recovery, following a primary. */
  isStandby: boolean;
  /** A base-backup copy never started (replica-build.ts writes standby.signal last). */
  isUnfinishedCopy: boolean;
  /** The highest timeline it has been on; 0 when it holds no cluster. A promotion starts a new one. */
  timeline: number;
};

export function readDataDirFacts(dir: string): DataDirFacts {
  const isInitialised = fs.existsSync(path.join(dir, "PG_VERSION"));
  const isStandby = isInitialised && fs.existsSync(path.join(dir, STANDBY_SIGNAL));
  return { dir, isInitialised, isStandby, isUnfinishedCopy: isInitialised && !isStandby && fs.existsSync(path.join(dir, BACKUP_LABEL)), timeline: readTimeline(dir) };
}

/**
 * The highest of the timeline history files in pg_wal (written the moment a server is promoted,
 * and fetched by every standby that follows it) and the last checkpoint's timeline in pg_control
 * (which lags a promotion until the next checkpoint, but survives pg_wal being emptied).
 */
export function readTimeline(dir: string): number {
  let timeline = 0;
  try {
    const control = fs.readFileSync(path.join(dir, "global", "pg_control"));
    if (control.length >= PG_CONTROL_TIMELINE_OFFSET + 4) timeline = control.readUInt32LE(PG_CONTROL_TIMELINE_OFFSET);
  } catch {
    // no cluster here (yet)
  }
  let names: string[] = [];
  try {
    names = fs.readdirSync(path.join(dir, "pg_wal"));
  } catch {
    return timeline;
  }
  for (const name of names) {
    const match = HISTORY_FILE.exec(name);
    if (match) timeline = Math.max(timeline, Number.parseInt(match[1]!, 16));
  }
  return timeline;
}

/** Where a data dir's contents would come from when it is rebuilt: its timeline and, when known, its promotion epoch. */
export type RebuildSource = { timeline: number; epoch: number | null };

export class DataDirGuardError extends Error {}

/**
 * The only way this code deletes a server's data dir. A dir on a higher timeline, or with a
 * higher promotion epoch, than the one it would be rebuilt from holds writes that exist nowhere
 * else (e.g. a promoted replica and everything written since): deleting it is refused.
 */
export function removeDataDir(dir: string, source: RebuildSource, reason: string, victimEpoch: number | null = null): void {
  if (!fs.existsSync(dir)) return;
  const victimTimeline = readTimeline(dir);
  if (victimTimeline > source.timeline) {
    throw new DataDirGuardError(`Refusing to delete ${dir} (${reason}): it is on timeline ${victimTimeline}, newer than timeline ${source.timeline} it would be rebuilt from. It may be the promoted primary; keep it and see the cluster log.`);
  }
  if (victimEpoch !== null && source.epoch !== null && victimEpoch > source.epoch) {
    throw new DataDirGuardError(`Refusing to delete ${dir} (${reason}): it records promotion epoch ${victimEpoch}, newer than epoch ${source.epoch} it would be rebuilt from.`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

export function sourceOf(dir: string, epoch: number | null = null): RebuildSource {
  return { timeline: readTimeline(dir), epoch };
}

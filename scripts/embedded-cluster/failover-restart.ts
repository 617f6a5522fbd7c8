import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { LogSink } from "./log-sink";
import type { ServerIdentity } from "./os-user";
import { startPrimaryServer } from "./primary";
import { stopChildServer } from "./processes";
import { DataDirGuardError, readDataDirFacts, removeDataDir, sourceOf, type DataDirFacts } from "./data-dirs";
import { databaseUrl } from "./server-config";

// After a replica promotion the dir named replica/ holds the real primary (no standby.signal, a
// newer timeline) and primary/ holds the old one, with writes the promoted server never received.
// Before the servers start, the dirs are put back in their roles: the old primary is moved aside
// (evidence for measuring what the failover lost), the promoted dir becomes primary/, and the
// replica is then rebuilt from it as on any start. Never the other way round.

const FORMER_PRIMARY_PREFIX = "former-primary-epoch-";

export class ClusterRolesUnclearError extends Error {}

type Settle = {
  dataDir: string;
  primaryDir: string;
  replicaDir: string;
  /** Free port used to look into a dir (its promotion epoch) before deciding. */
  port: number;
  persistent: boolean;
  identity: ServerIdentity | undefined;
  sink: LogSink;
  note(line: string): void;
};

/** Puts a promoted replica in primary/ and the old primary aside; throws ClusterRolesUnclearError when it cannot tell. */
export async function settleRolesAfterFailover(settle: Settle): Promise<void> {
  const primary = readDataDirFacts(settle.primaryDir);
  const replica = readDataDirFacts(settle.replicaDir);
  if (primary.isStandby) refuse(settle, `${primary.dir} is a standby (it has standby.signal), so no dir holds a primary`);
  const isReplicaPromoted = replica.isInitialised && !replica.isStandby && !replica.isUnfinishedCopy;
  if (!isReplicaPromoted) return;
  if (!primary.isInitialised) {
    // An earlier start moved the old primary aside and stopped before the rename.
    settle.note(`${replica.dir} runs as a primary and ${primary.dir} holds no cluster: it becomes the primary`);
    removeDataDir(primary.dir, sourceOf(replica.dir), "an empty primary dir in the way of the promoted replica");
    fs.renameSync(replica.dir, primary.dir);
    return;
  }
  if (replica.timeline <= primary.timeline) {
    refuse(settle, `${primary.dir} (timeline ${primary.timeline}) and ${replica.dir} (timeline ${replica.timeline}) both run as primaries, and the replica's timeline is not newer, so it cannot tell which one holds the writes to keep`);
  }
  const newEpoch = await readPromotionEpoch(settle, replica).catch((error: unknown) =>
    refuse(settle, `${replica.dir} runs as a primary (timeline ${replica.timeline}) but could not be started to read its promotion epoch (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`),
  );
  const oldEpoch = await readPromotionEpoch(settle, primary).catch((error: unknown) => {
    settle.note(`could not read the promotion epoch of ${primary.dir}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    return null;
  });
  if (newEpoch !== null && newEpoch <= (oldEpoch ?? 0)) {
    refuse(settle, `${replica.dir} was promoted (timeline ${replica.timeline}) but records promotion epoch ${newEpoch}, not newer than ${oldEpoch ?? 0} in ${primary.dir}: the promotion was not recorded, and writes may have gone on to the old primary`);
  }
  const formerEpoch = oldEpoch ?? Math.max((newEpoch ?? 1) - 1, 0);
  const formerDir = moveFormerPrimaryAside(settle, primary, { timeline: replica.timeline, epoch: newEpoch }, formerEpoch);
  fs.renameSync(replica.dir, primary.dir);
  settle.note(`failover found: ${replica.dir} (timeline ${replica.timeline}, epoch ${newEpoch ?? "unknown"}) is now ${primary.dir}; the old primary (timeline ${primary.timeline}, epoch ${oldEpoch ?? "unknown"}) was kept as ${formerDir} and the replica is rebuilt from the new primary`);
}

function refuse(settle: Settle, reason: string): never {
  throw new ClusterRolesUnclearError(
    `Refusing to start the embedded database: ${reason}. Nothing was changed. ` +
      `Look at both (each can be started alone with the postgres binary, -D <dir>), then move the dir whose writes you do not keep out of ${settle.dataDir} ` +
      `(keep it until you no longer need its writes) and start again: the dir left is started as the primary and the replica is rebuilt from it.`,
  );
}

/** Keeps only the latest former primary: its unreplicated writes are what the failover lost. */
function moveFormerPrimaryAside(settle: Settle, primary: DataDirFacts, newPrimary: { timeline: number; epoch: number | null }, formerEpoch: number): string {
  const target = path.join(settle.dataDir, `${FORMER_PRIMARY_PREFIX}${formerEpoch}`);
  for (const name of fs.readdirSync(settle.dataDir)) {
    if (!name.startsWith(FORMER_PRIMARY_PREFIX)) continue;
    try {
      removeDataDir(path.join(settle.dataDir, name), newPrimary, "an older former primary");
    } catch (error) {
      if (!(error instanceof DataDirGuardError)) throw error;
      refuse(settle, error.message);
    }
  }
  fs.renameSync(primary.dir, target);
  return target;
}

/**
 * Starts the dir read-only on its own, long enough to read the highest `database_promotion`
 * epoch; null when the app's tables are not there (a cluster that never ran the migrations).
 */
async function readPromotionEpoch(settle: Settle, facts: DataDirFacts): Promise<number | null> {
  const server = await startPrimaryServer({
    primaryDir: facts.dir,
    port: settle.port,
    persistent: settle.persistent,
    identity: settle.identity,
    sink: settle.sink,
    extraFlags: ["-c", "default_transaction_read_only=on", "-c", "synchronous_standby_names="],
  });
  try {
    return await queryPromotionEpoch(settle.port);
  } finally {
    await stopChildServer(server.child);
  }
}

async function queryPromotionEpoch(port: number): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl(port), connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return null; // no app database yet
    throw error;
  }
  try {
    const tracked = await client.query<{ tracked: boolean }>("select to_regclass('public.database_promotion') is not null as tracked");
    if (!tracked.rows[0]?.tracked) return null;
    const { rows } = await client.query<{ epoch: number }>("select coalesce(max(epoch), 0)::int as epoch from database_promotion");
    return rows[0]?.epoch ?? 0;
  } finally {
    await client.end().catch(() => {});
  }
}

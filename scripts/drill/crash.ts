import fs from "node:fs";
import path from "node:path";
import pg from "pg";

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Stops the primary's walsenders (SIGSTOP): replication stalls while the primary goes on. Returns their pids. */
export async function stallReplication(primaryUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    const pids = (await client.query<{ pid: number }>("select pid from pg_stat_replication")).rows.map((row) => row.pid);
    if (pids.length === 0) throw new Error("no walsender on the primary: the replica does not stream");
    for (const pid of pids) signal(pid, "SIGSTOP");
    return pids;
  } finally {
    await client.end();
  }
}

/** SIGKILLs the primary's postmaster, then the stopped walsenders it leaves behind. */
export function killPrimary(dataDir: string, stalledWalSenders: number[] = []): void {
  const pid = Number(fs.readFileSync(path.join(dataDir, "primary", "postmaster.pid"), "utf8").split("\n")[0]);
  signal(pid, "SIGKILL");
  for (const walSender of stalledWalSenders) signal(walSender, "SIGKILL");
}

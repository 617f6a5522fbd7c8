import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit/repo";
import { RUN_DATE_COLUMNS, RUN_JSON_COLUMNS, withJournalMark, type JournalEntry, type JournalRun, type JournalRunChange } from "./entries";

type Tx = Prisma.TransactionClient;

/** Json columns take Prisma's DbNull for SQL NULL; dates arrive as ISO strings. */
function columnsOf(change: JournalRunChange | JournalRun): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(change)) {
    if (RUN_JSON_COLUMNS.includes(column)) data[column] = value === null ? Prisma.DbNull : value;
    else if (RUN_DATE_COLUMNS.includes(column)) data[column] = value === null ? null : new Date(value as string);
    else data[column] = value;
  }
  return data;
}

async function applyEntry(tx: Tx, entry: JournalEntry): Promise<void> {
  switch (entry.kind) {
    case "run_requested":
      // A run with the same key, or another active run of the procedure, already on this server
      // (written before the crash and replicated) wins: the journal's copy is then not inserted.
      await tx.procedureRun.createMany({ data: [columnsOf(entry.run) as Prisma.ProcedureRunCreateManyInput], skipDuplicates: true });
      return;
    case "run_changed":
      await tx.procedureRun.updateMany({ where: { id: entry.runId, status: { in: entry.from } }, data: columnsOf(entry.change) });
      return;
    case "step_up":
      if (!entry.matched) return;
      // The session may have been lost with the old primary: then there is nothing to unlock.
      await tx.$executeRaw`
        insert into session_step_up ("sessionId", "verifiedAt")
        select ${entry.sessionId}, ${new Date(entry.at)} where exists (select 1 from session where id = ${entry.sessionId})
        on conflict ("sessionId") do update set "verifiedAt" = greatest(session_step_up."verifiedAt", excluded."verifiedAt")`;
      return;
  }
}

/**
 * Writes journaled entries into `client`'s database (the promoted primary) in one transaction:
 * the changes in journal order, then their audit entries, so the audit chain records them as one
 * stretch and stays verifiable. Entries this database already holds (a replay retried after a
 * crash) are skipped. Returns how many were applied.
 */
export async function replayEntries(client: PrismaClient, entries: JournalEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  return client.$transaction(
    async (tx) => {
      const recorded = await tx.$queryRaw<{ id: string }[]>`
        insert into break_glass_entry (id, seq, kind, "journaledAt")
        select * from unnest(${entries.map((entry) => entry.id)}::uuid[], ${entries.map((entry) => entry.seq)}::int[], ${entries.map((entry) => entry.kind)}::text[], ${entries.map((entry) => new Date(entry.at))}::timestamptz[])
        on conflict (id) do nothing
        returning id::text`;
      const fresh = new Set(recorded.map((row) => row.id));
      const toApply = entries.filter((entry) => fresh.has(entry.id));
      for (const entry of toApply) await applyEntry(tx, entry);
      // Last, as recordAudit asks: the chain's lock is then held only until the commit.
      for (const entry of toApply) {
        if (entry.audit) await recordAudit(tx, { ...entry.audit, after: withJournalMark(entry.audit.after, entry.id, entry.at) });
      }
      return toApply.length;
    },
    { timeout: 30_000 },
  );
}

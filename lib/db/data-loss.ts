import { randomUUID } from "node:crypto";
import pg from "pg";
import { recordAudit } from "@/lib/audit";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { hostOf, LOSS_MEASUREMENT_APPLICATION_NAME } from "./fencing";

// The actual loss of an asynchronous failover, measured once the former primary answers again
// (restarted, read-only is enough): the WAL it wrote past the promotion point, and the rows it
// has that the promoted server lacks, per table. Rows are compared by primary key. With the
// promotion's transaction horizon (the oldest transaction the replica saw still running) only
// rows written by that transaction or later are candidates, so the work is one sequential scan
// per table on the former primary and index lookups on the promoted one; without it every key is.

/** Tables whose missing rows are listed by id (the audit trail, emergency runs, workflow executions). */
const LISTED_TABLES = new Set(["audit_entry", "procedure_run", "workflow_execution"]);
/** At most this many ids are listed per table; counts are exact up to CANDIDATE_CAP. */
const LISTED_IDS_CAP = 1_000;
/** Keys compared per table at most, and per lookup on the promoted server. */
const CANDIDATE_CAP = 200_000;
const LOOKUP_BATCH = 5_000;
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 120_000;

export type TableLoss = {
  table: string;
  /** Rows on the former primary whose primary key the promoted server lacks. */
  missingRows: number;
  /** The candidates reached CANDIDATE_CAP: the count is a lower bound. */
  isCountCapped: boolean;
  /** Primary keys of the missing rows (audit-relevant tables only), at most LISTED_IDS_CAP. */
  ids?: string[];
  idsTruncated?: boolean;
};

export type ActualLoss = {
  measuredAt: string;
  formerHost: string;
  promotedHost: string;
  /** The promotion point: where the promoted server's timeline leaves the former primary's WAL. */
  promotedLsn: string | null;
  /** The former primary's WAL end now (its current position, or its replay position as a standby). */
  formerEndLsn: string;
  /** WAL the former primary wrote past the promotion point (null without a promotion point). */
  walBytes: number | null;
  /** `transaction horizon`: only rows written at or after the promotion's oldest running transaction were compared. */
  basis: "transaction horizon" | "every primary key";
  missingRowsTotal: number;
  /** Tables with at least one missing row, largest first. */
  tables: TableLoss[];
  /** Tables that could not be compared (no primary key, or an error), with why. */
  skipped: { table: string; reason: string }[];
};

export type MeasureOptions = {
  /**
   * xid8 of the oldest transaction still running at promotion. Default: database_promotion's
   * promotedXmin; null compares every primary key.
   */
  promotedXmin?: string | bigint | null;
};

type PromotionPoint = { lsn: string | null; xmin: string | null };

/** `16/B374D848` as a number of bytes. */
function lsnToBigInt(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: STATEMENT_TIMEOUT_MS, application_name: LOSS_MEASUREMENT_APPLICATION_NAME });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/**
 * What the former primary has that the promoted server lacks. `promotedAtLsn` (and the
 * transaction horizon) default to the newest database_promotion row on the promoted server that
 * replaced the former's host, then to the promoted server's last replayed position (the end of
 * recovery, known until it restarts).
 */
export async function measureActualLoss(formerUrl: string, promotedUrl: string, promotedAtLsn?: string | null, options: MeasureOptions = {}): Promise<ActualLoss> {
  const former = await connect(formerUrl);
  try {
    const promoted = await connect(promotedUrl);
    try {
      const point = await readPromotionPoint(promoted, hostOf(formerUrl));
      const lsn = promotedAtLsn ?? point.lsn;
      const xmin = options.promotedXmin === undefined ? point.xmin : options.promotedXmin === null ? null : String(options.promotedXmin);
      const end = (await former.query<{ lsn: string }>("select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn")).rows[0]!.lsn;
      const walBytes = lsn ? Number(lsnToBigInt(end) - lsnToBigInt(lsn) > 0n ? lsnToBigInt(end) - lsnToBigInt(lsn) : 0n) : null;
      const { tables, skipped } = await compareTables(former, promoted, xmin);
      return {
        measuredAt: new Date().toISOString(),
        formerHost: hostOf(formerUrl),
        promotedHost: hostOf(promotedUrl),
        promotedLsn: lsn,
        formerEndLsn: end,
        walBytes,
        basis: xmin ? "transaction horizon" : "every primary key",
        missingRowsTotal: tables.reduce((sum, table) => sum + table.missingRows, 0),
        tables,
        skipped,
      };
    } finally {
      await promoted.end().catch(() => {});
    }
  } finally {
    await former.end().catch(() => {});
  }
}

async function readPromotionPoint(promoted: pg.Client, formerHost: string): Promise<PromotionPoint> {
  const tracked = await promoted.query<{ columns: number }>(
    "select count(*)::int as columns from information_schema.columns where table_schema = 'public' and table_name = 'database_promotion' and column_name in ('promotedLsn', 'promotedXmin')",
  );
  if (tracked.rows[0]!.columns === 2) {
    const { rows } = await promoted.query<{ lsn: string | null; xmin: string | null }>(
      `select "promotedLsn" as lsn, "promotedXmin"::text as xmin from database_promotion where "formerHost" = $1 order by epoch desc limit 1`,
      [formerHost],
    );
    if (rows[0]?.lsn) return rows[0];
  }
  const replayed = await promoted.query<{ lsn: string | null }>("select pg_last_wal_replay_lsn()::text as lsn");
  return { lsn: replayed.rows[0]?.lsn ?? null, xmin: null };
}

type KeyedTable = { table: string; name: string; columns: string[]; types: string[] };

async function compareTables(former: pg.Client, promoted: pg.Client, xmin: string | null): Promise<{ tables: TableLoss[]; skipped: ActualLoss["skipped"] }> {
  const { rows } = await former.query<KeyedTable & { has_key: boolean }>(`
    select format('%I.%I', n.nspname, c.relname) as table, c.relname as name,
           coalesce(array_agg(a.attname::text order by k.ord) filter (where a.attname is not null), '{}') as columns,
           coalesce(array_agg(format_type(a.atttypid, a.atttypmod) order by k.ord) filter (where a.attname is not null), '{}') as types
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_index i on i.indrelid = c.oid and i.indisprimary
      left join lateral unnest(i.indkey) with ordinality k(attnum, ord) on true
      left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence = 'p'
     group by n.nspname, c.relname order by c.relname`);
  const tables: TableLoss[] = [];
  const skipped: ActualLoss["skipped"] = [];
  for (const table of rows) {
    if (table.columns.length === 0) {
      skipped.push({ table: table.name, reason: "no primary key" });
      continue;
    }
    try {
      const loss = await compareTable(former, promoted, table, xmin);
      if (loss.missingRows > 0) tables.push(loss);
    } catch (error) {
      // A lost connection makes the whole measurement incomplete: the caller measures again.
      if (isConnectionLost(error)) throw error;
      skipped.push({ table: table.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  tables.sort((a, b) => b.missingRows - a.missingRows);
  return { tables, skipped };
}

function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (code.startsWith("08") || code.startsWith("57P"))) return true;
  return /Connection terminated|not queryable|terminating connection/i.test(error instanceof Error ? error.message : String(error));
}

async function compareTable(former: pg.Client, promoted: pg.Client, table: KeyedTable, xmin: string | null): Promise<TableLoss> {
  const columns = table.columns.map((column) => former.escapeIdentifier(column));
  // xmin is a 32-bit xid: compared by age on the former primary, so wraparound is handled.
  const horizon = xmin ? "where age(xmin) <= age(($1::bigint % 4294967296)::text::xid)" : "";
  const { rows } = await former.query<{ key: string[] }>({
    text: `select array[${columns.map((column) => `${column}::text`).join(", ")}] as key from ${table.table} ${horizon} limit ${CANDIDATE_CAP}`,
    values: xmin ? [xmin] : [],
  });
  const missing: string[][] = [];
  for (let start = 0; start < rows.length; start += LOOKUP_BATCH) missing.push(...(await findMissingKeys(promoted, table, rows.slice(start, start + LOOKUP_BATCH).map((row) => row.key))));
  const loss: TableLoss = { table: table.name, missingRows: missing.length, isCountCapped: rows.length >= CANDIDATE_CAP };
  if (LISTED_TABLES.has(table.name)) {
    loss.ids = missing.slice(0, LISTED_IDS_CAP).map((key) => key.join(","));
    loss.idsTruncated = missing.length > LISTED_IDS_CAP;
  }
  return loss;
}

/** The keys of `keys` the promoted server has no row for (a missing table: all of them). */
async function findMissingKeys(promoted: pg.Client, table: KeyedTable, keys: string[][]): Promise<string[][]> {
  if (keys.length === 0) return [];
  const exists = await promoted.query<{ exists: boolean }>("select to_regclass($1) is not null as exists", [table.table]);
  if (!exists.rows[0]!.exists) return keys;
  const names = table.columns.map((_, index) => `k${index}`);
  const unnest = table.types.map((type, index) => `$${index + 1}::text[]::${type}[]`).join(", ");
  const match = table.columns.map((column, index) => `t.${promoted.escapeIdentifier(column)} = k.${names[index]}`).join(" and ");
  const { rows } = await promoted.query<{ key: string[] }>(
    `select array[${names.map((name) => `k.${name}::text`).join(", ")}] as key
       from unnest(${unnest}) as k(${names.join(", ")})
      where not exists (select 1 from ${table.table} t where ${match})`,
    table.columns.map((_, index) => keys.map((key) => key[index])),
  );
  return rows.map((row) => row.key);
}

/**
 * Writes the measured loss onto the promotion's row and, when the promotion ran as a procedure
 * run, into that run's outcome details (`details.actualLoss`), with an audit entry, in one
 * transaction on the promoted server (`primary`).
 */
export async function recordActualLoss(primary: PrismaClient, epoch: number, loss: ActualLoss): Promise<{ runId: string | null }> {
  const value = loss as unknown as Prisma.InputJsonValue;
  return primary.$transaction(async (tx) => {
    const promotion = await tx.databasePromotion.update({ where: { epoch }, data: { actualLoss: value }, select: { runId: true } });
    if (promotion.runId) {
      // The run may still be finishing its own outcome; the promotion row and the audit entry keep the loss either way.
      await tx.$executeRaw`update procedure_run
         set outcome = coalesce(outcome, '{}'::jsonb) || jsonb_build_object('details', coalesce(outcome -> 'details', '{}'::jsonb) || jsonb_build_object('actualLoss', ${JSON.stringify(loss)}::jsonb))
       where id = ${promotion.runId}::uuid`;
    }
    await recordAudit(tx, {
      actorUserId: "system",
      actorEmail: "system",
      tenantId: null,
      action: "database.actual_loss",
      target: `database_promotion:${epoch}`,
      before: null,
      after: { ...loss, runId: promotion.runId } as unknown as Prisma.InputJsonValue,
      requestId: randomUUID(),
    });
    return { runId: promotion.runId };
  });
}

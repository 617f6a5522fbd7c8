import { Prisma, type ChecklistKind, type DrillKind, type PrismaClient } from "@/generated/prisma/client";

// Every Prisma call for scaling events, checklists, drills and load-test results. Global ops
// data (a scaling change belongs to the deployment, not to a tenant), so no tenantId here; only
// ops roles reach these functions.

type Db = PrismaClient | Prisma.TransactionClient;

const itemSelect = {
  id: true,
  key: true,
  position: true,
  done: true,
  doneAt: true,
  doneByEmail: true,
  note: true,
  link: true,
  metrics: true,
  verification: true,
} satisfies Prisma.ChecklistItemSelect;
export type ItemRow = Prisma.ChecklistItemGetPayload<{ select: typeof itemSelect }>;

const runSelect = {
  id: true,
  eventId: true,
  kind: true,
  revision: true,
  status: true,
  openedAt: true,
  openedByEmail: true,
  reopenReason: true,
  signedAt: true,
  signedByEmail: true,
  evidence: true,
  evidenceDigest: true,
  signAuditId: true,
  items: { select: itemSelect, orderBy: { position: "asc" } },
} satisfies Prisma.ChecklistRunSelect;
export type RunRow = Prisma.ChecklistRunGetPayload<{ select: typeof runSelect }>;

const eventSelect = { id: true, reason: true, source: true, openedAt: true, openedByEmail: true, details: true } satisfies Prisma.ScalingEventSelect;
export type EventRow = Prisma.ScalingEventGetPayload<{ select: typeof eventSelect }>;

export type NewItem = { key: string; position: number } & Partial<Pick<ItemRow, "done" | "doneAt" | "doneByEmail" | "note" | "link">> & {
  metrics?: Prisma.InputJsonValue;
  verification?: Prisma.InputJsonValue;
};

export async function insertEvent(tx: Prisma.TransactionClient, data: { reason: string; source: string; openedByUserId: string; openedByEmail: string; details?: Prisma.InputJsonValue }): Promise<EventRow> {
  return tx.scalingEvent.create({ data, select: eventSelect });
}

export async function insertRun(
  tx: Prisma.TransactionClient,
  data: { eventId: string; kind: ChecklistKind; revision: number; openedByEmail: string; reopenReason?: string; items: NewItem[] },
): Promise<RunRow> {
  const { items, ...run } = data;
  return tx.checklistRun.create({ data: { ...run, items: { create: items } }, select: runSelect });
}

export async function findEvent(client: Db, id: string): Promise<EventRow | null> {
  return client.scalingEvent.findUnique({ where: { id }, select: eventSelect });
}

/** Events newest first, below the (openedAt, id) cursor; the index on both serves the order. */
export async function listEvents(client: Db, after: { openedAt: Date; id: string } | undefined, take: number): Promise<EventRow[]> {
  return client.scalingEvent.findMany({
    where: after ? { OR: [{ openedAt: { lt: after.openedAt } }, { openedAt: after.openedAt, id: { lt: after.id } }] } : {},
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take,
    select: eventSelect,
  });
}

/** Every revision of every checklist of the given events, in one query (no N+1). */
export async function listRunsOfEvents(client: Db, eventIds: string[]): Promise<RunRow[]> {
  return client.checklistRun.findMany({ where: { eventId: { in: eventIds } }, orderBy: [{ kind: "asc" }, { revision: "asc" }], select: runSelect });
}

export async function findRun(client: Db, id: string): Promise<RunRow | null> {
  return client.checklistRun.findUnique({ where: { id }, select: runSelect });
}

/** The run, locked until the transaction ends, so a tick and a sign-off cannot interleave. */
export async function findRunForUpdate(tx: Prisma.TransactionClient, id: string): Promise<RunRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`select id::text from checklist_run where id = ${id}::uuid for update`;
  return locked.length === 0 ? null : findRun(tx, id);
}

export async function findLatestRevision(client: Db, eventId: string, kind: ChecklistKind): Promise<number> {
  const latest = await client.checklistRun.aggregate({ where: { eventId, kind }, _max: { revision: true } });
  return latest._max.revision ?? 0;
}

export async function updateItem(
  tx: Prisma.TransactionClient,
  id: string,
  data: Pick<ItemRow, "done" | "doneAt" | "doneByEmail" | "note" | "link"> & { metrics: Prisma.InputJsonValue | typeof Prisma.DbNull; verification: Prisma.InputJsonValue | typeof Prisma.DbNull },
): Promise<ItemRow> {
  return tx.checklistItem.update({ where: { id }, data, select: itemSelect });
}

export async function markRunSigned(
  tx: Prisma.TransactionClient,
  id: string,
  data: { signedAt: Date; signedByUserId: string; signedByEmail: string; evidence: Prisma.InputJsonValue; evidenceDigest: string; signAuditId: string },
): Promise<RunRow> {
  return tx.checklistRun.update({ where: { id }, data: { ...data, status: "signed" }, select: runSelect });
}

const drillSelect = { id: true, kind: true, at: true, succeeded: true, summary: true, recordedByEmail: true, details: true } satisfies Prisma.DrillSelect;
export type DrillRow = Prisma.DrillGetPayload<{ select: typeof drillSelect }>;

export async function insertDrill(tx: Prisma.TransactionClient, data: { kind: DrillKind; succeeded: boolean; summary: string; recordedByEmail: string; details?: Prisma.InputJsonValue; at?: Date }): Promise<DrillRow> {
  return tx.drill.create({ data, select: drillSelect });
}

/** The latest successful drill at or after `since`. */
export async function findSuccessfulDrillSince(client: Db, since: Date): Promise<DrillRow | null> {
  return client.drill.findFirst({ where: { at: { gte: since }, succeeded: true }, orderBy: { at: "desc" }, select: drillSelect });
}

export async function listRecentDrills(client: Db, take: number): Promise<DrillRow[]> {
  return client.drill.findMany({ orderBy: { at: "desc" }, take, select: drillSelect });
}

const loadTestSelect = { id: true, at: true, name: true, requestsPerSecond: true, p95Seconds: true, errorRatio: true, durationSeconds: true, notes: true, recordedByEmail: true } satisfies Prisma.LoadTestResultSelect;
export type LoadTestRow = Prisma.LoadTestResultGetPayload<{ select: typeof loadTestSelect }>;

export async function insertLoadTest(tx: Prisma.TransactionClient, data: Omit<LoadTestRow, "id" | "at">): Promise<LoadTestRow> {
  return tx.loadTestResult.create({ data, select: loadTestSelect });
}

/** The latest load test at or after `since`. */
export async function findLoadTestSince(client: Db, since: Date): Promise<LoadTestRow | null> {
  return client.loadTestResult.findFirst({ where: { at: { gte: since } }, orderBy: { at: "desc" }, select: loadTestSelect });
}

export async function listRecentLoadTests(client: Db, take: number): Promise<LoadTestRow[]> {
  return client.loadTestResult.findMany({ orderBy: { at: "desc" }, take, select: loadTestSelect });
}

/** Clears a JSON column (SQL NULL). */
export const JSON_NONE = Prisma.DbNull;

import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import type { DbAccess } from "@/lib/db/access";
import { db } from "@/lib/db/client";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import { NotFoundError } from "@/lib/http/errors";
import { findEvent, insertEvent, insertRun, listEvents, listRecentDrills, listRecentLoadTests, listRunsOfEvents, type EventRow } from "./repo";
import type { EventDetail, EventsPage, EventsQuery } from "./schemas";
import { CHECKLIST_TEMPLATES } from "./templates";
import { CHECKLIST_EDITOR_ROLES, latestRuns, NOT_A_MANAGER_REASON, NOT_AN_EDITOR_REASON, progressOf, REOPEN_ROLES, SIGN_OFF_ROLES, toDrillOutput, toEventOutput, toEventSummary, toLoadTestOutput, toRunOutput } from "./views";

type ReadCtx = { db: DbAccess; role: PlatformRole };
type Actor = { actorUserId: string; actorEmail: string; requestId: string; tenantId?: string | null };

const RECENT_RECORDS = 5;

export type OpenScalingEventInput = Actor & {
  reason: string;
  /** `manual` from the checklists page; `scale-up` from the emergency procedure. */
  source: "manual" | "scale-up";
  /** What the opener knows about the change, e.g. `{ instances: { before: 2, after: 3 } }`. */
  details?: Prisma.InputJsonValue;
};

/**
 * Opens a scaling event with a fresh run of each of the three checklists, audited. Pass `tx` to
 * open it inside the transaction that makes the change (the scale-up procedure does).
 */
export async function openScalingEvent(input: OpenScalingEventInput, tx?: Prisma.TransactionClient): Promise<EventRow> {
  const work = async (client: Prisma.TransactionClient) => {
    const event = await insertEvent(client, { reason: input.reason, source: input.source, openedByUserId: input.actorUserId, openedByEmail: input.actorEmail, details: input.details });
    for (const template of CHECKLIST_TEMPLATES) {
      await insertRun(client, {
        eventId: event.id,
        kind: template.kind,
        revision: 1,
        openedByEmail: input.actorEmail,
        items: template.items.map((item, position) => ({ key: item.key, position })),
      });
    }
    await recordAudit(client, {
      actorUserId: input.actorUserId,
      actorEmail: input.actorEmail,
      tenantId: input.tenantId ?? null,
      action: "scaling_event.open",
      target: `scaling_event:${event.id}`,
      before: null,
      after: { reason: input.reason, source: input.source, details: input.details ?? null },
      requestId: input.requestId,
    });
    return event;
  };
  return tx ? work(tx) : db().primary.$transaction(work);
}

const eventCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export async function listScalingEvents(ctx: ReadCtx, query: EventsQuery): Promise<EventsPage> {
  const after = query.cursor ? decodeCursor(query.cursor, eventCursorSchema) : undefined;
  const { events, runs } = await ctx.db.read(async (client) => {
    const page = await listEvents(client, after ? { openedAt: new Date(after[0]), id: after[1] } : undefined, query.limit + 1);
    return { events: page, runs: await listRunsOfEvents(client, page.slice(0, query.limit).map((event) => event.id)) };
  });
  return toPage(
    events,
    query.limit,
    (event) => toEventSummary(event, runs.filter((run) => run.eventId === event.id)),
    (event) => [event.openedAt.toISOString(), event.id],
  );
}

/** One event: each checklist's current revision and all its revisions, and the recent drills and load tests. */
export async function getScalingEvent(ctx: ReadCtx, id: string, client = ctx.db.primary): Promise<EventDetail> {
  // The primary: the page reads its own ticks and sign-offs back at once.
  const [event, runs, drills, loadTests] = await Promise.all([findEvent(client, id), listRunsOfEvents(client, [id]), listRecentDrills(client, RECENT_RECORDS), listRecentLoadTests(client, RECENT_RECORDS)]);
  if (!event) throw new NotFoundError(`no scaling event ${id}`);
  const canEdit = hasPlatformRole(ctx.role, CHECKLIST_EDITOR_ROLES);
  const canSignOff = hasPlatformRole(ctx.role, SIGN_OFF_ROLES);
  return {
    event: toEventOutput(event),
    progress: progressOf(runs),
    checklists: latestRuns(runs).map((current) => ({
      kind: current.kind,
      title: toRunOutput(current).title,
      current: toRunOutput(current),
      history: runs.filter((run) => run.kind === current.kind).map(toRunOutput),
    })),
    permissions: {
      canEdit,
      editReason: canEdit ? null : NOT_AN_EDITOR_REASON,
      canSignOff,
      signOffReason: canSignOff ? null : NOT_A_MANAGER_REASON,
      canReopen: hasPlatformRole(ctx.role, REOPEN_ROLES),
    },
    recentDrills: drills.map(toDrillOutput),
    recentLoadTests: loadTests.map(toLoadTestOutput),
  };
}

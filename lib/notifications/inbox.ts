import { z } from "zod";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import type { PlatformCtx, RequestCtx } from "@/lib/http/define-route";
import { NotFoundError } from "@/lib/http/errors";
import { countUnread, findNotificationPage, markAllNotificationsRead, markNotificationRead, type NotificationRow } from "./repo";
import type { ListNotificationsQuery, NotificationOutput } from "./schemas";
import type { Severity } from "./rules";

// The signed-in platform user's own notifications. Every query is keyed by the viewer's user id
// from the session: nobody reads or marks another person's notifications.

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

function toOutput(row: NotificationRow): NotificationOutput {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity as Severity,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

export async function listNotifications(ctx: PlatformCtx, query: ListNotificationsQuery) {
  const userId = ctx.viewer.user.id;
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const [rows, unread] = await ctx.db.read((client) =>
    Promise.all([findNotificationPage(client, userId, after && { createdAt: new Date(after[0]), id: after[1] }, query.limit + 1), countUnread(client, userId)]),
  );
  return { ...toPage(rows, query.limit, toOutput, (row) => [row.createdAt.toISOString(), row.id]), unread };
}

export async function getUnreadCount(ctx: PlatformCtx) {
  return { unread: await ctx.db.read((client) => countUnread(client, ctx.viewer.user.id)) };
}

/** Whose notifications: the session's user, in any scope (a tenant-only user has none). */
type OwnCtx = Pick<RequestCtx, "viewer" | "db">;

export async function readNotification(ctx: OwnCtx, id: string): Promise<NotificationOutput> {
  const row = await markNotificationRead(ctx.db.primary, ctx.viewer.user.id, id, new Date());
  if (!row) throw new NotFoundError(`no notification ${id}`);
  return toOutput(row);
}

export async function readAllNotifications(ctx: OwnCtx) {
  return { marked: await markAllNotificationsRead(ctx.db.primary, ctx.viewer.user.id, new Date()) };
}

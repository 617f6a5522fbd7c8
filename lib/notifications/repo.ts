import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { NotificationEvent, Recipients } from "./rules";

// Every Prisma call of the notification center and the webhook outbox.

type Db = PrismaClient | Prisma.TransactionClient;

export const notificationSelect = {
  id: true,
  kind: true,
  severity: true,
  title: true,
  body: true,
  link: true,
  createdAt: true,
  readAt: true,
} satisfies Prisma.NotificationSelect;

export type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

export type PageCursor = { createdAt: Date; id: string };

/** One page of a user's notifications, newest first, on the (recipient, createdAt, id) index. */
export function findNotificationPage(client: Db, userId: string, cursor: PageCursor | null, limit: number): Promise<NotificationRow[]> {
  const after: Prisma.NotificationWhereInput = cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {};
  return client.notification.findMany({
    where: { recipientUserId: userId, ...after },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: notificationSelect,
  });
}

/** Reads only the partial index of unread rows (bounded by the per-user cap). */
export function countUnread(client: Db, userId: string): Promise<number> {
  return client.notification.count({ where: { recipientUserId: userId, readAt: null } });
}

export async function markNotificationRead(client: Db, userId: string, id: string, at: Date): Promise<NotificationRow | null> {
  // Already read keeps its first read time; someone else's notification is "not found".
  await client.notification.updateMany({ where: { id, recipientUserId: userId, readAt: null }, data: { readAt: at } });
  return client.notification.findFirst({ where: { id, recipientUserId: userId }, select: notificationSelect });
}

export async function markAllNotificationsRead(client: Db, userId: string, at: Date): Promise<number> {
  return (await client.notification.updateMany({ where: { recipientUserId: userId, readAt: null }, data: { readAt: at } })).count;
}

/** The users an event is for: named users plus holders of the roles (platform admins always), minus exceptions. */
export async function resolveRecipients(client: Db, recipients: Recipients): Promise<{ id: string; email: string }[]> {
  const roles = recipients.roles.length > 0 ? [...new Set([...recipients.roles, "admin" as const])] : [];
  const users = await client.user.findMany({
    // Only platform users: a notification of the control plane never reaches a tenant-only account.
    where: { platformRole: { isNot: null }, OR: [{ id: { in: recipients.userIds } }, ...(roles.length > 0 ? [{ platformRole: { role: { in: roles } } }] : [])] },
    select: { id: true, email: true },
    orderBy: { email: "asc" },
  });
  const except = new Set(recipients.exceptUserIds ?? []);
  return users.filter((user) => !except.has(user.id));
}

/** One row per recipient; a key already delivered to a recipient is skipped (re-reads are harmless). */
export async function insertNotifications(client: Db, event: NotificationEvent, userIds: string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const { count } = await client.notification.createMany({
    data: userIds.map((recipientUserId) => ({
      recipientUserId,
      kind: event.kind,
      severity: event.severity,
      title: event.title,
      body: event.body,
      link: event.link,
      sourceKey: event.key,
      createdAt: new Date(event.occurredAt),
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Keeps a user's newest `cap` notifications (walks their index; no table scan). */
export async function trimNotifications(client: Db, userId: string, cap: number): Promise<number> {
  return client.$executeRaw`
    DELETE FROM notification WHERE id IN (
      SELECT id FROM notification WHERE "recipientUserId" = ${userId}
      ORDER BY "createdAt" DESC, id DESC OFFSET ${cap})`;
}

export async function deleteNotificationsBefore(client: Db, before: Date): Promise<number> {
  return (await client.notification.deleteMany({ where: { createdAt: { lt: before } } })).count;
}

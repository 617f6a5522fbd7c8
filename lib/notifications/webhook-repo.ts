import type { Prisma, PrismaClient } from "@/generated/prisma/client";

// Every Prisma call of the webhooks and their outbox.

type Db = PrismaClient | Prisma.TransactionClient;

export const webhookSelect = {
  id: true,
  name: true,
  url: true,
  format: true,
  severities: true,
  secretSalt: true,
  createdByEmail: true,
  createdAt: true,
} satisfies Prisma.NotificationWebhookSelect;

export type WebhookRow = Prisma.NotificationWebhookGetPayload<{ select: typeof webhookSelect }>;

export function findWebhooks(client: Db): Promise<WebhookRow[]> {
  return client.notificationWebhook.findMany({ select: webhookSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export function findWebhook(client: Db, id: string): Promise<WebhookRow | null> {
  return client.notificationWebhook.findUnique({ where: { id }, select: webhookSelect });
}

export function insertWebhook(client: Db, data: Omit<WebhookRow, "id" | "createdAt">): Promise<WebhookRow> {
  return client.notificationWebhook.create({ data, select: webhookSelect });
}

export function deleteWebhook(client: Db, id: string): Promise<WebhookRow> {
  return client.notificationWebhook.delete({ where: { id }, select: webhookSelect });
}

/** Queues the event for each webhook; an event already queued for a webhook is not queued twice. */
export async function enqueueDeliveries(client: Db, webhookIds: string[], eventKey: string, event: Prisma.InputJsonValue): Promise<number> {
  if (webhookIds.length === 0) return 0;
  const { count } = await client.notificationDelivery.createMany({ data: webhookIds.map((webhookId) => ({ webhookId, eventKey, event })), skipDuplicates: true });
  return count;
}

export type DeliveryRow = { id: string; webhookId: string; eventKey: string; event: Prisma.JsonValue; attempts: number };

/**
 * Claims up to `limit` due deliveries and leases them for `leaseMs`: an instance that dies
 * mid-send leaves them to be sent again when the lease runs out (at-least-once), and two
 * instances never claim the same row (SKIP LOCKED).
 */
export function claimDueDeliveries(client: Db, now: Date, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
  return client.$queryRaw<DeliveryRow[]>`
    UPDATE notification_delivery SET "nextAttemptAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE id IN (
      SELECT id FROM notification_delivery
      WHERE status = 'pending' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, "webhookId", "eventKey", event, attempts`;
}

export async function markDelivered(client: Db, id: string, attempts: number, at: Date): Promise<void> {
  await client.notificationDelivery.update({ where: { id }, data: { status: "delivered", attempts, finishedAt: at, lastError: null } });
}

export async function markAttemptFailed(client: Db, id: string, attempts: number, error: string, next: { retryAt: Date } | { deadAt: Date }): Promise<void> {
  await client.notificationDelivery.update({
    where: { id },
    data: "retryAt" in next ? { attempts, lastError: error, nextAttemptAt: next.retryAt } : { attempts, lastError: error, status: "dead", finishedAt: next.deadAt },
  });
}

export const deadDeliverySelect = {
  id: true,
  eventKey: true,
  event: true,
  attempts: true,
  lastError: true,
  createdAt: true,
  finishedAt: true,
  webhook: { select: { id: true, name: true } },
} satisfies Prisma.NotificationDeliverySelect;

export type DeadDeliveryRow = Prisma.NotificationDeliveryGetPayload<{ select: typeof deadDeliverySelect }>;

/** The dead-letter list, newest first, on the (status, createdAt, id) index. */
export function findDeadDeliveries(client: Db, cursor: { createdAt: Date; id: string } | null, limit: number): Promise<DeadDeliveryRow[]> {
  const after: Prisma.NotificationDeliveryWhereInput = cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {};
  return client.notificationDelivery.findMany({ where: { status: "dead", ...after }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: deadDeliverySelect });
}

/** Puts a dead delivery back in the queue with fresh attempts; false when it was not dead. */
export async function requeueDeadDelivery(client: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await client.notificationDelivery.updateMany({ where: { id, status: "dead" }, data: { status: "pending", attempts: 0, nextAttemptAt: now, finishedAt: null } });
  return count === 1;
}

/** Delivered rows older than `before` go; dead ones stay for the list until `deadBefore`. */
export async function deleteFinishedDeliveries(client: Db, before: Date, deadBefore: Date): Promise<number> {
  const { count } = await client.notificationDelivery.deleteMany({
    where: { OR: [{ status: "delivered", finishedAt: { lt: before } }, { status: "dead", finishedAt: { lt: deadBefore } }] },
  });
  return count;
}

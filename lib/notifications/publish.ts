import type { Prisma } from "@/generated/prisma/client";
import { insertNotifications, resolveRecipients, trimNotifications } from "./repo";
import type { NotificationEvent } from "./rules";
import { enqueueDeliveries, findWebhooks } from "./webhook-repo";

/** A user keeps at most this many notifications (the oldest go first). */
export const NOTIFICATIONS_PER_USER = 500;

/** The event as the outbox keeps it: what the webhook body is built from at send time. */
export type QueuedEvent = NotificationEvent & { recipientEmails: string[] };

/**
 * Puts an event in its recipients' notification centers and queues it for every webhook of its
 * severity, inside the caller's transaction. Idempotent per event key: a re-run adds nothing.
 */
export async function publishNotification(tx: Prisma.TransactionClient, event: NotificationEvent): Promise<{ recipients: number; deliveries: number }> {
  const users = await resolveRecipients(tx, event.recipients);
  const inserted = await insertNotifications(
    tx,
    event,
    users.map((user) => user.id),
  );
  if (inserted > 0) for (const user of users) await trimNotifications(tx, user.id, NOTIFICATIONS_PER_USER);
  const webhooks = (await findWebhooks(tx)).filter((webhook) => webhook.severities.includes(event.severity));
  const queued: QueuedEvent = { ...event, recipientEmails: users.map((user) => user.email) };
  const deliveries = await enqueueDeliveries(
    tx,
    webhooks.map((webhook) => webhook.id),
    event.key,
    queued as unknown as Prisma.InputJsonValue,
  );
  return { recipients: users.length, deliveries };
}

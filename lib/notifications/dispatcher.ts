import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import { notificationMetrics } from "./metrics";
import type { QueuedEvent } from "./publish";
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "./rules";
import { sendWebhook } from "./sender";
import { claimDueDeliveries, findWebhook, markAttemptFailed, markDelivered } from "./webhook-repo";

export type DispatchOptions = {
  maxAttempts: number;
  /** The first retry's wait; later ones double (rules.ts). */
  retryBaseMs: number;
  /** How long a claimed delivery is held before another run may send it again. */
  leaseMs: number;
  batchSize: number;
};

export const DEFAULT_DISPATCH_OPTIONS: DispatchOptions = { maxAttempts: MAX_DELIVERY_ATTEMPTS, retryBaseMs: 5_000, leaseMs: 60_000, batchSize: 20 };

/** Sends every due delivery once; returns how many were delivered, retried and given up. */
export async function dispatchDueDeliveries(client: PrismaClient, options: DispatchOptions = DEFAULT_DISPATCH_OPTIONS, now = new Date()) {
  const counts = { delivered: 0, retrying: 0, dead: 0 };
  const claimed = await claimDueDeliveries(client, now, options.leaseMs, options.batchSize);
  const webhooks = new Map<string, Awaited<ReturnType<typeof findWebhook>>>();
  const webhookOf = async (id: string) => {
    if (!webhooks.has(id)) webhooks.set(id, await findWebhook(client, id));
    return webhooks.get(id) ?? null;
  };
  // One at a time: a slow receiver holds its own deliveries back, not the process.
  for (const delivery of claimed) {
    const attempts = delivery.attempts + 1;
    const webhook = await webhookOf(delivery.webhookId);
    if (!webhook) continue; // deleted meanwhile: its deliveries went with it (cascade)
    const result = await sendWebhook(webhook, delivery.event as unknown as QueuedEvent, delivery.id);
    const at = new Date();
    if (result.ok) {
      await markDelivered(client, delivery.id, attempts, at);
      counts.delivered++;
    } else if (attempts >= options.maxAttempts) {
      await markAttemptFailed(client, delivery.id, attempts, result.error, { deadAt: at });
      logger.warn("a notification webhook delivery gave up after its last attempt", { webhookId: webhook.id, deliveryId: delivery.id, attempts, error: result.error });
      counts.dead++;
    } else {
      await markAttemptFailed(client, delivery.id, attempts, result.error, { retryAt: new Date(at.getTime() + retryDelayMs(attempts, options.retryBaseMs)) });
      counts.retrying++;
    }
  }
  const { attempts } = notificationMetrics();
  for (const [result, count] of Object.entries(counts)) if (count > 0) attempts.inc({ result }, count);
  return counts;
}

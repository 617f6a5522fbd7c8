import { z } from "@hono/zod-openapi";
import { SEVERITIES, WEBHOOK_FORMATS } from "./rules";

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .openapi("Notification");
export type NotificationOutput = z.infer<typeof notificationSchema>;

export const notificationPageSchema = z
  .object({ items: z.array(notificationSchema), nextCursor: z.string().nullable(), unread: z.number().int() })
  .openapi("NotificationPage");

export const listNotificationsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(100, "limit must be at most 100").default(20),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

export const unreadCountSchema = z.object({ unread: z.number().int() }).openapi("NotificationUnreadCount");
export const markedAllSchema = z.object({ marked: z.number().int() }).openapi("NotificationsMarkedRead");
export const idParamsSchema = z.object({ id: z.uuid("not a notification id") });

export const webhookSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** Scheme, host and the path's last characters: a Slack URL's path is itself a secret. */
    urlHint: z.string(),
    format: z.enum(WEBHOOK_FORMATS),
    severities: z.array(z.enum(SEVERITIES)),
    createdByEmail: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi("NotificationWebhook");
export type WebhookOutput = z.infer<typeof webhookSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) }).openapi("NotificationWebhookList");

export const createWebhookSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
    url: z
      .url({ protocol: /^https?$/, error: "URL must be an http:// or https:// address" })
      .max(2000, "URL must be at most 2000 characters"),
    format: z.enum(WEBHOOK_FORMATS, "Format must be slack or generic"),
    severities: z.array(z.enum(SEVERITIES, "Severity must be info, warning or critical")).min(1, "Choose at least one severity").max(3),
  })
  .openapi("CreateNotificationWebhookInput");
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

/** The new webhook with its signing secret: the only response that ever carries it. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() }).openapi("CreatedNotificationWebhook");

export const testSendResultSchema = z
  .object({ delivered: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable() })
  .openapi("NotificationWebhookTestResult");

export const deadDeliverySchema = z
  .object({
    id: z.uuid(),
    webhook: z.object({ id: z.uuid(), name: z.string() }),
    kind: z.string(),
    title: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi("NotificationDeadDelivery");
export type DeadDeliveryOutput = z.infer<typeof deadDeliverySchema>;

export const deadDeliveryPageSchema = z.object({ items: z.array(deadDeliverySchema), nextCursor: z.string().nullable() }).openapi("NotificationDeadDeliveryPage");
export const requeuedSchema = z.object({ requeued: z.literal(true) }).openapi("NotificationDeliveryRequeued");

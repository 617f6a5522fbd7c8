import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { getUnreadCount, listNotifications, readAllNotifications, readNotification } from "./inbox";
import {
  createdWebhookSchema,
  createWebhookSchema,
  deadDeliveryPageSchema,
  idParamsSchema,
  listNotificationsQuerySchema,
  markedAllSchema,
  notificationPageSchema,
  notificationSchema,
  requeuedSchema,
  testSendResultSchema,
  unreadCountSchema,
  webhookListSchema,
  webhookSchema,
} from "./schemas";
import { createWebhook, listDeadDeliveries, listWebhooks, removeWebhook, retryDeadDelivery, testWebhook, WEBHOOK_ADMIN_ROLES } from "./webhooks";

const inbox = { scope: "platform", roles: "any" } as const;
const admin = { scope: "platform", roles: WEBHOOK_ADMIN_ROLES } as const;
const tags = ["notifications"];

const listRoute = defineRoute({
  method: "get",
  path: "/v1/ops/notifications",
  summary: "The signed-in platform user's notifications, newest first (cursor pagination), with the unread count",
  tags,
  access: inbox,
  tier: "core",
  request: { query: listNotificationsQuerySchema },
  response: { status: 200, schema: notificationPageSchema, description: "One page of notifications" },
  handler: ({ ctx, query }) => listNotifications(ctx, query),
});

const unreadRoute = defineRoute({
  method: "get",
  path: "/v1/ops/notifications/unread",
  summary: "How many of the signed-in platform user's notifications are unread (what the bell polls)",
  tags,
  access: inbox,
  tier: "core",
  response: { status: 200, schema: unreadCountSchema, description: "The unread count" },
  handler: ({ ctx }) => getUnreadCount(ctx),
});

// Marking one's own notifications read changes no platform state: it is the user's own view
// state (an account route, like their API tokens), so no password is asked for and it is not
// audited. Anyone signed in may call it; only a platform user has notifications to mark.
const readRoute = defineRoute({
  method: "post",
  path: "/v1/account/notifications/{id}/read",
  summary: "Mark one of the signed-in user's notifications read",
  tags,
  access: { scope: "account" },
  tier: "core",
  request: { params: idParamsSchema },
  response: { status: 200, schema: notificationSchema, description: "The notification as read" },
  handler: ({ ctx, params }) => readNotification(ctx, params.id),
});

const readAllRoute = defineRoute({
  method: "post",
  path: "/v1/account/notifications/read-all",
  summary: "Mark all of the signed-in user's notifications read",
  tags,
  access: { scope: "account" },
  tier: "core",
  response: { status: 200, schema: markedAllSchema, description: "How many were unread" },
  handler: ({ ctx }) => readAllNotifications(ctx),
});

const listWebhooksRoute = defineRoute({
  method: "get",
  path: "/v1/ops/notification-webhooks",
  summary: "The direct webhooks notifications are posted to (platform admin)",
  tags,
  access: admin,
  tier: "core",
  response: { status: 200, schema: webhookListSchema, description: "Every webhook" },
  handler: ({ ctx }) => listWebhooks(ctx),
});

const createWebhookRoute = defineRoute({
  method: "post",
  path: "/v1/ops/notification-webhooks",
  summary: "Add a webhook for events of some severities; answers its signing secret once (platform admin, audited)",
  tags,
  access: admin,
  tier: "core",
  request: { body: createWebhookSchema },
  response: { status: 201, schema: createdWebhookSchema, description: "The webhook with its secret" },
  handler: ({ ctx, body }) => createWebhook(ctx, body),
});

const deleteWebhookRoute = defineRoute({
  method: "delete",
  path: "/v1/ops/notification-webhooks/{id}",
  summary: "Remove a webhook and its queued deliveries (platform admin, audited)",
  tags,
  access: admin,
  tier: "core",
  request: { params: z.object({ id: z.uuid("not a webhook id") }) },
  response: { status: 200, schema: webhookSchema, description: "The webhook as it was" },
  handler: ({ ctx, params }) => removeWebhook(ctx, params.id),
});

const testWebhookRoute = defineRoute({
  method: "post",
  path: "/v1/ops/notification-webhooks/{id}/test",
  summary: "Send a signed test event to a webhook now and report the receiver's answer (platform admin, audited)",
  tags,
  access: admin,
  tier: "core",
  request: { params: z.object({ id: z.uuid("not a webhook id") }) },
  response: { status: 200, schema: testSendResultSchema, description: "What the receiver answered" },
  handler: ({ ctx, params }) => testWebhook(ctx, params.id),
});

const deadDeliveriesRoute = defineRoute({
  method: "get",
  path: "/v1/ops/notification-deliveries/dead",
  summary: "Webhook deliveries that failed every attempt, newest first (platform admin, cursor pagination)",
  tags,
  access: admin,
  tier: "core",
  request: { query: listNotificationsQuerySchema },
  response: { status: 200, schema: deadDeliveryPageSchema, description: "One page of dead letters" },
  handler: ({ ctx, query }) => listDeadDeliveries(ctx, query),
});

const retryDeliveryRoute = defineRoute({
  method: "post",
  path: "/v1/ops/notification-deliveries/{id}/retry",
  summary: "Queue a dead delivery again from its first attempt (platform admin, audited)",
  tags,
  access: admin,
  tier: "core",
  request: { params: z.object({ id: z.uuid("not a delivery id") }) },
  response: { status: 200, schema: requeuedSchema, description: "Queued again" },
  handler: ({ ctx, params }) => retryDeadDelivery(ctx, params.id),
});

export function registerNotificationRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listRoute, unreadRoute, readAllRoute, readRoute, listWebhooksRoute, createWebhookRoute, deleteWebhookRoute, testWebhookRoute, deadDeliveriesRoute, retryDeliveryRoute]) register(app);
}

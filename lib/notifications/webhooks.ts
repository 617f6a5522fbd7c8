import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import type { PlatformCtx } from "@/lib/http/define-route";
import { NotFoundError, ConflictError } from "@/lib/http/errors";
import type { QueuedEvent } from "./publish";
import type { Severity, WebhookFormat } from "./rules";
import type { CreateWebhookInput, DeadDeliveryOutput, WebhookOutput } from "./schemas";
import { newSecretSalt, webhookSecret } from "./secrets";
import { sendWebhook } from "./sender";
import { deleteWebhook, findDeadDeliveries, findWebhook, findWebhooks, insertWebhook, requeueDeadDelivery, type DeadDeliveryRow, type WebhookRow } from "./webhook-repo";

/** Platform admins manage webhooks: a webhook sends platform events out of the building. */
export const WEBHOOK_ADMIN_ROLES = ["admin"] as const;

/** Enough of the URL to recognise it; a Slack incoming-webhook path is a credential. */
export function urlHint(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.length > 1 ? `/…${parsed.pathname.slice(-4)}` : "";
  return `${parsed.protocol}//${parsed.host}${path}`;
}

function toOutput(row: WebhookRow): WebhookOutput {
  return {
    id: row.id,
    name: row.name,
    urlHint: urlHint(row.url),
    format: row.format as WebhookFormat,
    severities: row.severities as Severity[],
    createdByEmail: row.createdByEmail,
    createdAt: row.createdAt.toISOString(),
  };
}

const auditView = (row: WebhookRow): Prisma.InputJsonValue => ({ name: row.name, url: urlHint(row.url), format: row.format, severities: row.severities });

export async function listWebhooks(ctx: PlatformCtx) {
  return { items: (await ctx.db.read((client) => findWebhooks(client))).map(toOutput) };
}

export async function createWebhook(ctx: PlatformCtx, input: CreateWebhookInput) {
  const row = await ctx.db.primary.$transaction(async (tx) => {
    const created = await insertWebhook(tx, {
      name: input.name,
      url: input.url,
      format: input.format,
      severities: [...new Set(input.severities)],
      secretSalt: newSecretSalt(),
      createdByEmail: ctx.viewer.user.email,
    });
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "notification_webhook.create",
      target: `notification_webhook:${created.id}`,
      before: null,
      after: auditView(created),
      requestId: ctx.requestId,
    });
    return created;
  });
  return { ...toOutput(row), secret: webhookSecret(row.secretSalt) };
}

export async function removeWebhook(ctx: PlatformCtx, id: string): Promise<WebhookOutput> {
  const row = await ctx.db.primary.$transaction(async (tx) => {
    const current = await findWebhook(tx, id);
    if (!current) throw new NotFoundError(`no notification webhook ${id}`);
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "notification_webhook.delete",
      target: `notification_webhook:${id}`,
      before: auditView(current),
      after: null,
      requestId: ctx.requestId,
    });
    return deleteWebhook(tx, id);
  });
  return toOutput(row);
}

/**
 * Sends a signed test event to the webhook now and reports what the receiver answered. Audited
 * before the send (it leaves the building whether or not the receiver takes it).
 */
export async function testWebhook(ctx: PlatformCtx, id: string) {
  const webhook = await findWebhook(ctx.db.primary, id);
  if (!webhook) throw new NotFoundError(`no notification webhook ${id}`);
  await recordAudit(ctx.db.primary, {
    actorUserId: ctx.viewer.user.id,
    actorEmail: ctx.viewer.user.email,
    tenantId: null,
    action: "notification_webhook.test",
    target: `notification_webhook:${id}`,
    before: null,
    after: auditView(webhook),
    requestId: ctx.requestId,
  });
  const key = `test:${randomUUID()}`;
  const event: QueuedEvent = {
    key,
    kind: "webhook.test",
    severity: (webhook.severities[0] ?? "info") as Severity,
    title: `Test notification for “${webhook.name}”`,
    body: `Sent by ${ctx.viewer.user.email} from the notification settings. If you can read this, the webhook works.`,
    link: "/ops/notifications",
    occurredAt: new Date().toISOString(),
    recipients: { userIds: [ctx.viewer.user.id], roles: [] },
    recipientEmails: [ctx.viewer.user.email],
    details: {},
  };
  const result = await sendWebhook(webhook, event, key);
  return result.ok ? { delivered: true, status: result.status, error: null } : { delivered: false, status: result.status, error: result.error };
}

const deadCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

function toDeadOutput(row: DeadDeliveryRow): DeadDeliveryOutput {
  const event = row.event as unknown as Partial<QueuedEvent>;
  return {
    id: row.id,
    webhook: row.webhook,
    kind: event.kind ?? "unknown",
    title: event.title ?? row.eventKey,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listDeadDeliveries(ctx: PlatformCtx, query: { cursor?: string; limit: number }) {
  const after = query.cursor ? decodeCursor(query.cursor, deadCursorSchema) : null;
  const rows = await ctx.db.read((client) => findDeadDeliveries(client, after && { createdAt: new Date(after[0]), id: after[1] }, query.limit + 1));
  return toPage(rows, query.limit, toDeadOutput, (row) => [row.createdAt.toISOString(), row.id]);
}

/** Sends a dead delivery again from its first attempt (after the receiver was fixed). */
export async function retryDeadDelivery(ctx: PlatformCtx, id: string) {
  await ctx.db.primary.$transaction(async (tx) => {
    if (!(await requeueDeadDelivery(tx, id, new Date()))) throw new ConflictError(`delivery ${id} is not in the dead-letter list`);
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "notification_delivery.retry",
      target: `notification_delivery:${id}`,
      before: { status: "dead" },
      after: { status: "pending" },
      requestId: ctx.requestId,
    });
  });
  return { requeued: true as const };
}

import { createHmac, timingSafeEqual } from "node:crypto";

// Pure rules of the notification center and the webhooks: no I/O, no clock, no env.

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const WEBHOOK_FORMATS = ["slack", "generic"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The header a receiver verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = "X-Agency-Signature";

/** Attempts of one delivery before it goes to the dead-letter list. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * The wait after failed attempt `attempt` (1-based): doubling from `baseMs`, capped at an hour,
 * so a receiver down for a deploy gets the event within minutes and a dead one costs little.
 */
export function retryDelayMs(attempt: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** The signature header's value for `body` sent at `unixSeconds`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`;
}

/**
 * What a receiver does (and what the README shows): recompute the HMAC over `<t>.<raw body>`,
 * compare in constant time, and refuse a timestamp older than `toleranceSeconds` (replays).
 */
export function verifySignature(secret: string, header: string, body: string, nowUnixSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(nowUnixSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/** One thing that happened, as the center stores it and the webhooks post it. */
export type NotificationEvent = {
  /** Stable across retries and re-reads: a recipient or a webhook gets each key once. */
  key: string;
  kind: string;
  severity: Severity;
  title: string;
  body: string;
  /** A page of this app, relative (`/ops/emergency`). */
  link: string | null;
  occurredAt: string;
  /** Who it is for; webhooks name them so a channel knows whose turn it is. */
  recipients: Recipients;
  details: Record<string, unknown>;
};

/** Specific users (an override's owner), holders of platform roles (admins included), or both. */
export type Recipients = { userIds: string[]; roles: ("viewer" | "sre" | "manager" | "admin")[]; exceptUserIds?: string[] };

/** The generic JSON body: the event as stored, with an absolute link and the recipients' e-mails. */
export function genericBody(event: NotificationEvent, appUrl: string, recipientEmails: string[]) {
  return {
    id: event.key,
    kind: event.kind,
    severity: event.severity,
    title: event.title,
    body: event.body,
    url: event.link ? new URL(event.link, appUrl).toString() : null,
    occurredAt: event.occurredAt,
    recipients: recipientEmails,
    details: event.details,
  };
}

const SEVERITY_MARK: Record<Severity, string> = { info: ":information_source:", warning: ":warning:", critical: ":rotating_light:" };

/** Slack's incoming-webhook shape (`text` is the notification fallback, `blocks` the message). */
export function slackBody(event: NotificationEvent, appUrl: string, recipientEmails: string[]) {
  const url = event.link ? new URL(event.link, appUrl).toString() : null;
  const lines = [`${SEVERITY_MARK[event.severity]} *${escapeSlack(event.title)}*`, escapeSlack(event.body)];
  if (recipientEmails.length > 0) lines.push(`For: ${recipientEmails.map(escapeSlack).join(", ")}`);
  if (url) lines.push(`<${url}|Open in Agency Toolkit>`);
  return {
    text: `[${event.severity.toUpperCase()}] ${event.title}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } }],
  };
}

/** Slack treats `&`, `<` and `>` as control characters in mrkdwn. */
function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

// Pure rules of the notification center and the webhooks: no I/O, no clock, no env (and no
// Node modules: the settings page imports the constants).

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const WEBHOOK_FORMATS = ["slack", "generic"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** A time in a notification's text (stored, and sent to webhooks): "2026-12-08 03:49 UTC", never raw ISO. */
export function describeTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Attempts of one delivery before it goes to the dead-letter list. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * The wait after failed attempt `attempt` (1-based): doubling from `baseMs`, capped at an hour,
 * so a receiver down for a deploy gets the event within minutes and a dead one costs little.
 */
export function retryDelayMs(attempt: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
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

import { EgressConnectionError, EgressDeniedError, egressRequest } from "@/lib/egress";
import { env } from "@/lib/env";
import { webhookEgressPolicy } from "./egress-policy";
import type { QueuedEvent } from "./publish";
import { genericBody, slackBody, type WebhookFormat } from "./rules";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import { webhookSecret } from "./secrets";

const SEND_TIMEOUT_MS = 10_000;

export type WebhookTarget = { id: string; url: string; format: string; secretSalt: string };

export type SendResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** The exact bytes posted: the signature covers them, so they are built once. */
export function webhookBody(format: WebhookFormat, event: QueuedEvent): string {
  const appUrl = env().APP_URL;
  return JSON.stringify(format === "slack" ? slackBody(event, appUrl, event.recipientEmails) : genericBody(event, appUrl, event.recipientEmails));
}

/**
 * Posts one signed event through the egress client (no private addresses unless named, every
 * redirect hop checked; redirects are not followed: a receiver answers where it was configured).
 * A 2xx is delivered; anything else (another status, a redirect, a timeout, a refused address)
 * is a failed attempt the caller retries.
 */
export async function sendWebhook(target: WebhookTarget, event: QueuedEvent, deliveryId: string, now = new Date()): Promise<SendResult> {
  const body = webhookBody(target.format as WebhookFormat, event);
  const headers = {
    "content-type": "application/json",
    "user-agent": "agency-toolkit-notifications/1",
    [SIGNATURE_HEADER]: signatureHeader(webhookSecret(target.secretSalt), Math.floor(now.getTime() / 1000), body),
    // At-least-once: a receiver drops a delivery id it has already handled.
    "X-Agency-Delivery": deliveryId,
    "X-Agency-Event": event.kind,
  };
  try {
    const response = await egressRequest(target.url, { method: "POST", headers, body, timeoutMs: SEND_TIMEOUT_MS, maxRedirects: 0 }, webhookEgressPolicy());
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `the receiver answered ${response.status}` };
  } catch (error) {
    // A refusal (egress_denied …) or an unreachable receiver: both are failed attempts.
    const known = error instanceof EgressDeniedError || error instanceof EgressConnectionError;
    return { ok: false, status: null, error: known || error instanceof Error ? (error as Error).message : String(error) };
  }
}

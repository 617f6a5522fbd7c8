"use client";

import { SecretOnce } from "@/components/ui/secret-once";
import type { CreatedWebhook } from "./queries";

/** The new webhook's signing secret, shown once: the receiver needs it to verify deliveries. */
export function WebhookSecret({ webhook, onDismiss }: { webhook: CreatedWebhook; onDismiss: () => void }) {
  return (
    <SecretOnce label="New webhook secret" title={`Webhook “${webhook.name}” added`} secretLabel="Signing secret" secret={webhook.secret} onDismiss={onDismiss}>
      Copy the signing secret now: it is shown only this once. Your receiver checks the <code className="font-mono">X-Agency-Signature</code> header with it.
    </SecretOnce>
  );
}

"use client";

import { useState } from "react";
import type { CreatedWebhook } from "./queries";

/** The new webhook's signing secret, shown once: the receiver needs it to verify deliveries. */
export function WebhookSecret({ webhook, onDismiss }: { webhook: CreatedWebhook; onDismiss: () => void }) {
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(webhook.secret);
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  }

  return (
    <section aria-label="New webhook secret" className="space-y-2 rounded-lg border border-ok bg-panel p-4">
      <h2 className="text-sm font-semibold">Webhook “{webhook.name}” added</h2>
      <p className="text-xs text-muted">
        Copy the signing secret now: it is shown only this once. Your receiver checks the <code className="font-mono">X-Agency-Signature</code> header with it.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          readOnly
          value={webhook.secret}
          aria-label="Signing secret"
          onFocus={(event) => event.target.select()}
          className="min-w-0 flex-1 rounded-md border border-line bg-surface px-2 py-1.5 font-mono text-xs focus-visible:outline-2 focus-visible:outline-accent"
        />
        <div className="flex gap-2">
          <button type="button" onClick={copy} className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent">
            Copy
          </button>
          <button type="button" onClick={onDismiss} className="rounded-md border border-line px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-accent">
            Done
          </button>
        </div>
      </div>
      <p role="status" className="text-xs text-muted">
        {copyState === "copied" ? "Copied to the clipboard." : copyState === "failed" ? "Copying failed: select the secret and copy it by hand." : ""}
      </p>
    </section>
  );
}

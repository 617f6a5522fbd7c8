"use client";

import { useState } from "react";
import type { CreatedApiToken } from "./queries";

/** The new token's secret, shown once: copy it now, it cannot be shown again. */
export function SecretReveal({ token, onDismiss }: { token: CreatedApiToken; onDismiss: () => void }) {
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.secret);
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  }

  return (
    <section aria-label="New token secret" className="space-y-2 rounded-lg border border-ok bg-panel p-4">
      <h2 className="text-sm font-semibold">Token “{token.name}” created</h2>
      <p className="text-xs text-muted">Copy the secret now: it is shown only this once. Send it as <code className="font-mono">Authorization: Bearer …</code>.</p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          readOnly
          value={token.secret}
          aria-label="Token secret"
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

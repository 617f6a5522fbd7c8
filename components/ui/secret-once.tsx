"use client";

import { useState, type ReactNode } from "react";

/**
 * A secret the server shows only once (an API token, a webhook's signing secret): selectable,
 * copyable, with what to do with it, until the person says they are done.
 */
export function SecretOnce({ label, title, secretLabel, secret, onDismiss, children }: { label: string; title: string; secretLabel: string; secret: string; onDismiss: () => void; children: ReactNode }) {
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  }

  return (
    <section aria-label={label} className="space-y-2 rounded-lg border border-ok bg-panel p-4">
      <h2 className="text-sm font-semibold">{title}</h2>
      <p className="text-xs text-muted">{children}</p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          readOnly
          value={secret}
          aria-label={secretLabel}
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

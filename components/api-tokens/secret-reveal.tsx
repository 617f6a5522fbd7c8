"use client";

import { SecretOnce } from "@/components/ui/secret-once";
import type { CreatedApiToken } from "./queries";

/** The new token's secret, shown once: copy it now, it cannot be shown again. */
export function SecretReveal({ token, onDismiss }: { token: CreatedApiToken; onDismiss: () => void }) {
  return (
    <SecretOnce label="New token secret" title={`Token “${token.name}” created`} secretLabel="Token secret" secret={token.secret} onDismiss={onDismiss}>
      Copy the secret now: it is shown only this once. Send it as <code className="font-mono">Authorization: Bearer …</code>.
    </SecretOnce>
  );
}

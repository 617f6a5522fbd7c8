"use client";

import { useState } from "react";
import { CreateWebhookForm } from "./create-webhook-form";
import { DeadDeliveries } from "./dead-deliveries";
import type { CreatedWebhook } from "./queries";
import { WebhookSecret } from "./webhook-secret";
import { WebhookTable } from "./webhook-table";

/** /ops/notifications: direct webhooks (add, test, remove) and their dead letters. */
export function WebhooksView() {
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-xl font-semibold">Notifications</h1>
        <p className="max-w-3xl text-sm text-muted">
          Everyone with a platform role gets alerts, override reminders, procedure results and approvals waiting for them under the bell. Webhooks post the same events of
          their severities to Slack or any HTTPS receiver, signed with <code className="font-mono">X-Agency-Signature: t=…,v1=…</code> (HMAC-SHA256 of <code className="font-mono">t.body</code>)
          and retried until they answer 2xx. Only public addresses are reached. Who: platform admins; changes may ask for your password and are audited.
        </p>
      </header>
      {created ? <WebhookSecret webhook={created} onDismiss={() => setCreated(null)} /> : null}
      <section aria-label="Webhooks" className="space-y-3 rounded-lg border border-line bg-panel p-4">
        <h2 className="text-sm font-semibold">Webhooks</h2>
        <WebhookTable />
      </section>
      <section aria-label="Add a webhook" className="space-y-3 rounded-lg border border-line bg-panel p-4">
        <h2 className="text-sm font-semibold">Add a webhook</h2>
        <CreateWebhookForm onCreated={setCreated} />
      </section>
      <section aria-label="Dead letters" className="space-y-3 rounded-lg border border-danger/40 bg-panel p-4">
        <h2 className="text-sm font-semibold">Dead letters</h2>
        <DeadDeliveries />
      </section>
    </div>
  );
}

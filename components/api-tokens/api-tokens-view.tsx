"use client";

import { useState } from "react";
import { Panel } from "@/components/ops/panel";
import type { PlatformRole } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/session";
import { CreateTokenForm } from "./create-token-form";
import { formatTokenCount } from "./format";
import { useApiTokens, type CreatedApiToken } from "./queries";
import { SecretReveal } from "./secret-reveal";
import { TokenTable } from "./token-table";

/** Personal API tokens: create one (its secret shown once), see them all, revoke any. */
export function ApiTokensView({ memberships, platformRole }: { memberships: Membership[]; platformRole: PlatformRole | null }) {
  const tokens = useApiTokens();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const items = tokens.data?.items ?? [];
  return (
    <div className="max-w-5xl space-y-4">
      <header className="space-y-1">
        <h1 className="text-xl font-semibold">API tokens</h1>
        <p className="text-sm text-muted">
          For scripts and CI. A token acts as you in one tenant, with the role you hold there now, or reads the control plane if you hold a platform role. It can never change platform settings, sign in, or manage tokens.
        </p>
      </header>
      <section aria-label="New token" className="rounded-lg border border-line bg-panel p-4">
        <h2 className="mb-3 text-sm font-semibold">New token</h2>
        <CreateTokenForm memberships={memberships} platformRole={platformRole} onCreated={setCreated} />
      </section>
      {created ? <SecretReveal token={created} onDismiss={() => setCreated(null)} /> : null}
      <Panel
        title="Your tokens"
        subtitle={tokens.data ? formatTokenCount(items.length) : undefined}
        isLoading={tokens.isPending}
        error={tokens.error?.message ?? null}
        isEmpty={items.length === 0}
        emptyText="No tokens yet. Create one above; it will be listed here with when it was last used."
        onRetry={() => void tokens.refetch()}
        minHeight={200}
      >
        <TokenTable tokens={items} />
      </Panel>
    </div>
  );
}

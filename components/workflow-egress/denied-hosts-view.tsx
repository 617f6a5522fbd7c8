"use client";

import { Panel } from "@/components/ops/panel";
import { denyLinesOf, parseDenyLines } from "./host-lines";
import { HostListForm } from "./host-list-form";
import { PrivateEgressNotice } from "./private-egress-notice";
import { useDeniedHosts, useSaveDeniedHosts } from "./queries";

/** The platform's deny-list: hosts no tenant's workflow may call, whatever its allow-list says. */
export function DeniedHostsView({ canEdit }: { canEdit: boolean }) {
  const denied = useDeniedHosts();
  const save = useSaveDeniedHosts();
  const hosts = denied.data?.hosts ?? [];
  return (
    <div className="max-w-3xl space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Egress</h1>
        <p className="text-sm text-muted">
          Hosts that no workflow step of any tenant may call. It wins over every tenant&apos;s allow-list. Private, loopback, link-local and metadata addresses are refused
          besides, unless WORKFLOW_EGRESS_ALLOW_PRIVATE is on. Changes need a recent password and are audited.
        </p>
      </header>
      {denied.data?.allowPrivate ? <PrivateEgressNotice /> : null}
      <Panel
        title="Deny-list"
        subtitle={denied.data ? `${hosts.length} ${hosts.length === 1 ? "host" : "hosts"}` : undefined}
        isLoading={denied.isPending}
        error={denied.error?.message ?? null}
        isEmpty={false}
        emptyText=""
        onRetry={() => void denied.refetch()}
        minHeight={300}
      >
        {denied.data ? (
          <HostListForm
            label="Denied hosts, one per line, each with an optional reason after it"
            hint="e.g. tracker.example abuse report 4411, or *.example.com for every subdomain. Lines starting with # are ignored."
            savedText={denyLinesOf(hosts)}
            canEdit={canEdit}
            isSaving={save.isPending}
            saveError={save.error?.message ?? null}
            parse={parseDenyLines}
            onSave={(text, done) => save.mutate(parseDenyLines(text).value, { onSuccess: done })}
          />
        ) : null}
      </Panel>
    </div>
  );
}

"use client";

import { Panel } from "@/components/ops/panel";
import { parseAllowLines } from "./host-lines";
import { HostListForm } from "./host-list-form";
import { useAllowedHosts, useSaveAllowedHosts } from "./queries";

/** The hosts the tenant's workflow http steps may call, for its admins. */
export function AllowedHostsView({ tenantName }: { tenantName: string }) {
  const allowed = useAllowedHosts();
  const save = useSaveAllowedHosts();
  const hosts = allowed.data?.hosts ?? [];
  return (
    <div className="max-w-3xl space-y-4">
      <header className="space-y-1">
        <h1 className="text-xl font-semibold">Workflow egress of {tenantName}</h1>
        <p className="text-sm text-muted">
          Which hosts the HTTP steps of your workflows may call. With an empty list, any public host may be called; once you list hosts, only those. Private, loopback and cloud metadata
          addresses are always refused, as are hosts on the platform&apos;s deny-list. Every change is audited.
        </p>
      </header>
      <Panel
        title="Allowed hosts"
        subtitle={allowed.data ? (hosts.length === 0 ? "Any public host" : `Only ${hosts.length} ${hosts.length === 1 ? "host" : "hosts"}`) : undefined}
        isLoading={allowed.isPending}
        error={allowed.error?.message ?? null}
        isEmpty={false}
        emptyText=""
        onRetry={() => void allowed.refetch()}
        minHeight={300}
      >
        {allowed.data ? (
          <HostListForm
            label="Hosts, one per line"
            hint="An exact host (api.example.com) or every subdomain of a domain (*.example.com). Lines starting with # are ignored."
            savedText={hosts.join("\n")}
            canEdit
            isSaving={save.isPending}
            saveError={save.error?.message ?? null}
            parse={parseAllowLines}
            onSave={(text, done) => save.mutate(parseAllowLines(text).value, { onSuccess: done })}
          />
        ) : null}
      </Panel>
    </div>
  );
}

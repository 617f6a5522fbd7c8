"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toApiError } from "@/components/auth/api-error";
import { TENANT_SCOPE } from "@/components/query-keys";
import type { Membership } from "@/lib/auth/session";
import { useHydrated } from "./use-hydrated";

async function switchTenant(tenantId: string): Promise<void> {
  const response = await fetch("/api/v1/session/tenant", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId }),
  });
  if (!response.ok) throw await toApiError(response);
}

export function TenantSwitcher({ active, memberships }: { active: Membership; memberships: Membership[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: switchTenant,
    // Requests still running answer for the new tenant under the old tenant's keys: stop them. The
    // refreshed frame then brings the new tenant id, and ActiveTenantScope drops the old entries.
    onSuccess: async () => {
      await queryClient.cancelQueries({ queryKey: [TENANT_SCOPE] });
      router.refresh();
    },
  });
  if (memberships.length < 2) {
    return <span className="text-sm font-medium">{active.tenantName}</span>;
  }
  return (
    <div className="flex min-w-0 items-center gap-3">
      <label className="flex min-w-0 items-center gap-2 text-sm">
        <span className="hidden text-muted sm:inline">Tenant</span>
        <select
          aria-label="Tenant"
          value={active.tenantId}
          disabled={!hydrated || mutation.isPending}
          onChange={(event) => mutation.mutate(event.target.value)}
          className="min-w-0 max-w-full rounded-md border border-line bg-panel px-2 py-1 text-sm font-medium"
        >
          {memberships.map((membership) => (
            <option key={membership.tenantId} value={membership.tenantId}>
              {membership.tenantName} ({membership.role})
            </option>
          ))}
        </select>
      </label>
      {mutation.isError ? <span role="alert" className="text-sm text-danger">{mutation.error.message}</span> : null}
    </div>
  );
}

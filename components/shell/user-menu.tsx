"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PLATFORM_ROLE_LABELS, type PlatformRole, type TenantRole } from "@/lib/auth/roles";
import { useHydrated } from "./use-hydrated";

/** "admin · platform SRE": the role in the active tenant, then the platform role, each only when held. */
function describeRoles(tenantRole: TenantRole | null, platformRole: PlatformRole | null): string {
  return [tenantRole, platformRole ? PLATFORM_ROLE_LABELS[platformRole] : null].filter(Boolean).join(" · ");
}

export function UserMenu({ name, email, tenantRole, platformRole }: { name: string; email: string; tenantRole: TenantRole | null; platformRole: PlatformRole | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <div className="flex items-center gap-4">
      <div className="text-right text-sm leading-tight">
        <div className="font-medium" data-testid="user-name">{name}</div>
        <div className="text-muted">
          <span className="hidden sm:inline">{email} · </span>
          <span data-testid="user-role">{describeRoles(tenantRole, platformRole)}</span>
        </div>
      </div>
      <button
        type="button"
        onClick={signOut}
        disabled={!hydrated || signingOut}
        className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-md border border-line px-3 py-1.5 text-sm hover:bg-surface disabled:opacity-60"
      >
        <LogOut aria-hidden size={16} />
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}

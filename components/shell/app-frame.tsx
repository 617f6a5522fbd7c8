import type { ReactNode } from "react";
import { DegradedFrame } from "@/components/emergency/degraded-banner";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { describeDatabaseStatus } from "@/lib/health/database-status";
import { getBreakerStatus } from "@/lib/emergency/service";
import { visibleSections } from "@/lib/navigation";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { ActiveTenantScope } from "./active-tenant";
import { ReadOnlyBanner } from "./read-only-banner";
import { ShellLayout } from "./shell-layout";
import { TenantSwitcher } from "./tenant-switcher";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Sidebar with the sections the viewer's roles open (tenant and platform), top bar with tenant and user. */
export function AppFrame({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const sections = visibleSections({ tenantRole: viewer.active?.role ?? null, platformRole: viewer.platformRole }).map((section) => ({
    title: section.title,
    items: section.items.map(({ href, label, tier, area }) => ({ href, label, tier, area })),
  }));
  const header = (
    <>
      <div className="min-w-0 flex-1 basis-40">
        {viewer.active ? <TenantSwitcher active={viewer.active} memberships={viewer.memberships} /> : <span className="text-sm font-medium">Platform</span>}
      </div>
      {/* One unit: on a phone it wraps to its own line under the menu button and the tenant. */}
      <div className="ml-auto flex items-center gap-3">
        {/* Notifications concern the control plane: platform users only. */}
        {viewer.platformRole ? <NotificationBell canManageWebhooks={viewer.platformRole === "admin"} /> : null}
        <ThemeToggle />
        <UserMenu name={viewer.user.name} email={viewer.user.email} tenantRole={viewer.active?.role ?? null} platformRole={viewer.platformRole} />
      </div>
    </>
  );
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only z-50 rounded-md bg-panel px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3">
        Skip to content
      </a>
      {/* Across the whole frame, above the sidebar too: it concerns every page, and stays readable when the main column is narrow. */}
      <ReadOnlyBanner initial={describeDatabaseStatus(db())} />
      <ShellLayout sections={sections} header={header}>
        {/* The breaker as this instance enforces it, so the first paint already shows it. */}
        <DegradedFrame pages={sections.flatMap((section) => section.items)} initial={getBreakerStatus()}>
          <ActiveTenantScope tenantId={viewer.active?.tenantId ?? null}>{children}</ActiveTenantScope>
        </DegradedFrame>
      </ShellLayout>
    </div>
  );
}

import type { ReactNode } from "react";
import { DegradedFrame } from "@/components/emergency/degraded-banner";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { describeDatabaseStatus } from "@/lib/health/database-status";
import { getBreakerStatus } from "@/lib/emergency/service";
import { visibleSections } from "@/lib/navigation";
import { ReadOnlyBanner } from "./read-only-banner";
import { SidebarNav } from "./sidebar-nav";
import { TenantSwitcher } from "./tenant-switcher";
import { UserMenu } from "./user-menu";

/** Sidebar with the sections the viewer's roles open (tenant and platform), top bar with tenant and user. */
export function AppFrame({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const sections = visibleSections({ tenantRole: viewer.active?.role ?? null, platformRole: viewer.platformRole }).map((section) => ({
    title: section.title,
    items: section.items.map(({ href, label, tier, area }) => ({ href, label, tier, area })),
  }));
  return (
    <div className="flex min-h-screen flex-col">
      {/* Across the whole frame, above the sidebar too: it concerns every page, and stays readable when the main column is narrow. */}
      <ReadOnlyBanner initial={describeDatabaseStatus(db())} />
      <div className="grid flex-1 grid-cols-[15rem_1fr]">
        <aside className="bg-sidebar text-sidebar-text">
          <div className="px-5 py-5 text-base font-semibold text-accent-ink">Agency Toolkit</div>
          <SidebarNav sections={sections} />
        </aside>
        <div className="flex min-w-0 flex-col">
          <header className="flex h-14 items-center justify-between border-b border-line bg-panel px-6">
            {viewer.active ? <TenantSwitcher active={viewer.active} memberships={viewer.memberships} /> : <span className="text-sm font-medium">Platform</span>}
            <UserMenu name={viewer.user.name} email={viewer.user.email} tenantRole={viewer.active?.role ?? null} platformRole={viewer.platformRole} />
          </header>
          <main className="flex-1 px-8 py-6">
            {/* The breaker as this instance enforces it, so the first paint already shows it. */}
            <DegradedFrame pages={sections.flatMap((section) => section.items)} initial={getBreakerStatus()}>
              {children}
            </DegradedFrame>
          </main>
        </div>
      </div>
    </div>
  );
}

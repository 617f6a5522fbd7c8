"use client";

import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { SidebarNav, type NavSection } from "./sidebar-nav";

const DRAWER_ID = "app-navigation";
const FOCUSABLE = "a[href], button:not([disabled]), select:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex='-1'])";

/**
 * Sidebar beside the page from 1024 px; below that, behind a menu button in the header, as a modal
 * drawer: Escape, the close button, the backdrop and any navigation close it, and focus moves into
 * it on opening and back to the menu button on closing.
 */
export function ShellLayout({ sections, header, children }: { sections: NavSection[]; header: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page where it was opened: following any link (in the drawer or not) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const isOpen = openOn === pathname;
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);

  const close = useCallback(() => setOpenOn(null), []);

  useEffect(() => {
    if (isOpen) drawer.current?.querySelector<HTMLElement>("[aria-current='page'], nav a")?.focus();
    else if (wasOpen.current) menuButton.current?.focus();
    wasOpen.current = isOpen;
  }, [isOpen]);

  function onDrawerKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== "Tab" || !drawer.current) return;
    // aria-modal: Tab cycles inside the drawer.
    const focusable = [...drawer.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  return (
    <div className="flex min-w-0 flex-1">
      <aside className="hidden w-60 shrink-0 bg-sidebar text-sidebar-text lg:block">
        <Brand />
        <SidebarNav sections={sections} />
      </aside>
      <div hidden={!isOpen} className="lg:hidden">
        <div aria-hidden className="fixed inset-0 z-40 bg-black/50" onClick={close} />
        <div
          ref={drawer}
          id={DRAWER_ID}
          role="dialog"
          aria-modal="true"
          aria-label="Navigation"
          onKeyDown={onDrawerKeyDown}
          className="fixed inset-y-0 left-0 z-50 w-64 max-w-[85vw] overflow-y-auto bg-sidebar text-sidebar-text shadow-xl"
        >
          <div className="flex items-center justify-between pr-3">
            <Brand />
            <button type="button" onClick={close} aria-label="Close navigation" className="rounded-md p-2 hover:bg-white/10">
              <X aria-hidden size={18} />
            </button>
          </div>
          <SidebarNav sections={sections} onNavigate={close} />
        </div>
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex min-h-14 flex-wrap items-center gap-x-4 gap-y-2 border-b border-line bg-panel px-4 py-2 lg:px-6">
          <button
            ref={menuButton}
            type="button"
            aria-expanded={isOpen}
            aria-controls={DRAWER_ID}
            onClick={() => setOpenOn(pathname)}
            className="inline-flex items-center gap-1.5 rounded-md border border-line px-2.5 py-1.5 text-sm hover:bg-surface lg:hidden"
          >
            <Menu aria-hidden size={18} />
            Menu
          </button>
          {header}
        </header>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-4 focus:outline-none sm:px-6 lg:px-8 lg:py-6">
          {children}
        </main>
      </div>
    </div>
  );
}

function Brand() {
  return <div className="px-5 py-5 text-base font-semibold text-accent-ink">Agency Toolkit</div>;
}

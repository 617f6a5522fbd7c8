"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useDegradedHrefs, type PageTier } from "@/components/emergency/degraded-banner";

export type NavSection = { title: string; items: PageTier[] };

function isCurrent(pathname: string, href: string): boolean {
  // Section roots (/app, /ops) match only themselves; deeper items match their subtree too.
  return href.split("/").length <= 2 ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}

export function SidebarNav({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const paused = useDegradedHrefs(sections.flatMap((section) => section.items));
  return (
    <nav aria-label="Main" className="space-y-6 px-3 pb-6">
      {sections.map((section) => (
        <div key={section.title}>
          <h2 className="px-2 text-xs font-semibold uppercase tracking-wider opacity-70">{section.title}</h2>
          <ul className="mt-2 space-y-0.5">
            {section.items.map((item) => {
              const current = isCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    onClick={onNavigate}
                    className={`block rounded-md px-2 py-1.5 text-sm ${current ? "bg-accent text-accent-ink" : "hover:bg-white/10"}`}
                  >
                    {item.label}
                    {paused.has(item.href) ? <span className="ml-2 rounded bg-white/15 px-1 text-xs">paused</span> : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

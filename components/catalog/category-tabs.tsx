"use client";

import { useRef, type KeyboardEvent } from "react";

export type Tab = { value: string | null; label: string; count?: number };

/**
 * Category tabs (WAI-ARIA tabs pattern): Tab reaches the selected one, arrow keys, Home and End
 * move between tabs and select as they go.
 */
export function CategoryTabs({ tabs, selected, onSelect, label, controls }: { tabs: Tab[]; selected: string | null; onSelect: (value: string | null) => void; label: string; controls: string }) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const current = tabs.findIndex((tab) => tab.value === selected);
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key]! + tabs.length) % tabs.length;
    buttons.current[next]?.focus();
    onSelect(tabs[next]!.value);
  }

  return (
    <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex flex-wrap gap-x-1 border-b border-line">
      {tabs.map((tab, index) => {
        const isSelected = tab.value === selected;
        return (
          <button
            key={tab.value ?? "all"}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            aria-selected={isSelected}
            aria-controls={controls}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.value)}
            className={`-mb-px shrink-0 whitespace-nowrap border-b-2 px-2.5 py-2 text-sm ${isSelected ? "border-accent font-medium text-ink" : "border-transparent text-muted hover:text-ink"}`}
          >
            {tab.label}
            {tab.count !== undefined ? <span className="ml-1.5 text-xs text-muted">{tab.count}</span> : null}
          </button>
        );
      })}
    </div>
  );
}

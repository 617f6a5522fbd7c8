"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useEffect, useState } from "react";
import { applyThemePreference, readThemePreference, THEME_STORAGE_KEY, watchSystemTheme, type ThemePreference } from "./theme";
import { useHydrated } from "./use-hydrated";

const OPTIONS = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
] as const satisfies ReadonlyArray<{ value: ThemePreference; label: string; Icon: typeof Sun }>;

/** Light / dark / system, as a radio group of three icon buttons. */
export function ThemeToggle() {
  const hydrated = useHydrated();
  // Read on the client only; the buttons show no choice until hydrated, so the server's guess never mismatches.
  const [preference, setPreference] = useState<ThemePreference>(() => (typeof window === "undefined" ? "system" : readThemePreference()));

  useEffect(() => {
    applyThemePreference(preference);
    if (preference !== "system") return;
    return watchSystemTheme(() => applyThemePreference("system"));
  }, [preference]);

  function choose(next: ThemePreference) {
    try {
      if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode): the choice holds for this page only.
    }
    setPreference(next);
  }

  return (
    <div role="radiogroup" aria-label="Theme" className="inline-flex rounded-md border border-line p-0.5">
      {OPTIONS.map(({ value, label, Icon }) => {
        const isChosen = hydrated && preference === value;
        return (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={isChosen}
            aria-label={label}
            title={label}
            disabled={!hydrated}
            onClick={() => choose(value)}
            className={`rounded p-1.5 ${isChosen ? "bg-accent text-accent-ink" : "text-muted hover:bg-surface hover:text-ink"}`}
          >
            <Icon aria-hidden size={16} />
          </button>
        );
      })}
    </div>
  );
}

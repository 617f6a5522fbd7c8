/** The viewer's choice; "system" follows `prefers-color-scheme`. Kept in localStorage, per browser. */
export type ThemePreference = "light" | "dark" | "system";

export const THEME_STORAGE_KEY = "agency-theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";

export function readThemePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}

/** Sets the `dark` class on <html> that Tailwind's dark variant and the dark colour tokens key on. */
export function applyThemePreference(preference: ThemePreference): void {
  const isDark = preference === "dark" || (preference === "system" && matchMedia(DARK_QUERY).matches);
  document.documentElement.classList.toggle("dark", isDark);
}

export function watchSystemTheme(onChange: () => void): () => void {
  const query = matchMedia(DARK_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * The same decision as `applyThemePreference`, inlined in <head> (with the response's CSP nonce) so
 * the first paint already has the right theme instead of flashing light before hydration.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var p=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=p==="dark"||(p!=="light"&&matchMedia(${JSON.stringify(DARK_QUERY)}).matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

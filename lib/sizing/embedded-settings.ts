import { postgresqlSettingsForTier, type PostgresqlSettings } from "./postgresql-conf";
import type { SizingTier } from "./tiers";

// What the embedded PostgreSQL (npm start) runs: the small tier's postgresql.conf from the guide,
// so the numbers in the sizing tables are what actually runs locally. Pure.

export const EMBEDDED_TIER: SizingTier = "small";

/** Where the local servers knowingly run other values than the tier's, and why. */
export const EMBEDDED_SETTING_OVERRIDES: Record<string, { value: string; reason: string }> = {
  max_wal_senders: { value: "5", reason: "locally the replica, a rebuild's base backup and a drill's second standby can stream at once" },
  wal_keep_size: { value: "256MB", reason: "locally a replica that was stopped catches up from kept WAL instead of being rebuilt" },
};

/** The settings the embedded primary and replica start with (as `-c name=value` flags). */
export function embeddedServerSettings(): PostgresqlSettings {
  const overrides = Object.fromEntries(Object.entries(EMBEDDED_SETTING_OVERRIDES).map(([name, { value }]) => [name, value]));
  return { ...postgresqlSettingsForTier(EMBEDDED_TIER), ...overrides };
}

/** Settings written without a unit that PostgreSQL reads in megabytes. */
const MEGABYTE_SETTINGS = new Set(["wal_keep_size"]);
const UNIT_KB: Record<string, number> = { kB: 1, MB: 1024, GB: 1024 ** 2, TB: 1024 ** 3 };

/** One comparable form for "64", "64MB" and "65536kB" of the same setting; other values as written. */
export function normalizeSetting(name: string, value: string): string {
  const match = /^(\d+(?:\.\d+)?)\s*(kB|MB|GB|TB)?$/.exec(value.trim());
  if (!match) return value.trim().toLowerCase();
  const unit = match[2] ?? (MEGABYTE_SETTINGS.has(name) ? "MB" : undefined);
  return unit ? `${Number(match[1]) * UNIT_KB[unit]!}kB` : String(Number(match[1]));
}

export type SettingComparison = { name: string; tier: string; live: string | null; differs: boolean; reason: string | null };

/** The tier's settings against what the server reports (`SHOW`), each flagged when it differs. */
export function compareSettings(tier: PostgresqlSettings, live: Record<string, string | null>): SettingComparison[] {
  return Object.entries(tier).map(([name, expected]) => {
    const actual = live[name] ?? null;
    const differs = actual === null || normalizeSetting(name, actual) !== normalizeSetting(name, expected);
    return { name, tier: expected, live: actual, differs, reason: differs ? (EMBEDDED_SETTING_OVERRIDES[name]?.reason ?? null) : null };
  });
}

import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level and no whitespace: the same content always gives
 * the same text, whatever order the keys were built or stored in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((child) => canonicalJson(child ?? null)).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, child]) => child !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 (hex) of the canonical JSON: the digest a sign-off records in the audit chain. */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}

import { createHash } from "node:crypto";

export type StableHashOptions = {
  /**
   * Property names whose array values are sequences (order matters, e.g. a sort specification).
   * Every other array is treated as a set: sorted and de-duplicated before hashing, so
   * `{ tags: ["a", "b"] }` and `{ tags: ["b", "a", "a"] }` hash alike.
   */
  orderedKeys?: readonly string[];
};

/**
 * A short hash that depends on the value, not on how it was written: property order never
 * matters, undefined properties are dropped (as JSON would), dates hash by instant.
 * 16 hex characters (64 bits): collisions are negligible among one tenant's filter combinations.
 */
export function stableHash(value: unknown, options: StableHashOptions = {}): string {
  const canonical = canonicalize(value, new Set(options.orderedKeys ?? []), false);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

function canonicalize(value: unknown, orderedKeys: ReadonlySet<string>, isOrdered: boolean): string {
  if (value instanceof Date) return JSON.stringify({ $date: value.toISOString() });
  if (typeof value === "bigint") return JSON.stringify({ $bigint: value.toString() });
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalize(item, orderedKeys, false));
    const arranged = isOrdered ? items : [...new Set(items)].sort();
    return `[${arranged.join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, property]) => property !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, property]) => `${JSON.stringify(key)}:${canonicalize(property, orderedKeys, orderedKeys.has(key))}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

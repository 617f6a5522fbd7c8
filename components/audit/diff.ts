// Before/after of an audit entry as a list of changed leaves. Pure: tested below.

export type DiffRow = { path: string; before: string | undefined; after: string | undefined; kind: "added" | "removed" | "changed" | "same" };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (isObject(value) || Array.isArray(value)) {
    const entries = Array.isArray(value) ? value.map((child, index) => [String(index), child] as const) : Object.entries(value);
    if (entries.length === 0) into.set(prefix || "(value)", Array.isArray(value) ? "[]" : "{}");
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  if (value !== undefined) into.set(prefix || "(value)", JSON.stringify(value));
}

/** Every leaf path of either side, with its value before and after, in path order. */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const left = new Map<string, string>();
  const right = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, "", left);
  if (after !== null && after !== undefined) flatten(after, "", right);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths.map((path) => {
    const was = left.get(path);
    const now = right.get(path);
    const kind = was === undefined ? "added" : now === undefined ? "removed" : was === now ? "same" : "changed";
    return { path, before: was, after: now, kind };
  });
}

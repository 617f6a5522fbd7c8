// A YAML emitter for the plain data of our manifests (objects, arrays, strings, finite numbers,
// booleans, null), so the exports need no YAML dependency. Block style throughout; a string stays
// plain only when no YAML 1.1 or 1.2 reader could take it for anything else, otherwise it is
// double-quoted with JSON escapes, which are valid YAML escapes.

type YamlValue = string | number | boolean | null | undefined | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const AMBIGUOUS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  return SAFE_PLAIN.test(value) && !AMBIGUOUS.test(value) ? value : JSON.stringify(value);
}

function isCollection(value: YamlValue): value is readonly YamlValue[] | { readonly [key: string]: YamlValue } {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: readonly YamlValue[] | { readonly [key: string]: YamlValue }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function emit(value: YamlValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (!isCollection(value)) return value === undefined ? [] : [pad + scalar(value)];
  if (isEmpty(value)) return [pad + (Array.isArray(value) ? "[]" : "{}")];
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[]).flatMap((item) => {
      if (!isCollection(item) || isEmpty(item)) return emit(item === undefined ? null : item, indent).map((line) => `${pad}- ${line.trimStart()}`);
      const lines = emit(item, indent + 2);
      return [`${pad}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
    });
  }
  return Object.entries(value).flatMap(([key, child]) => {
    if (child === undefined) return [];
    const name = pad + scalar(key);
    if (!isCollection(child) || isEmpty(child)) return [`${name}: ${emit(child, 0)[0]}`];
    // Sequences sit at their key's indentation, as kubectl writes them.
    return [`${name}:`, ...emit(child, Array.isArray(child) ? indent : indent + 2)];
  });
}

/** One YAML document per value, separated by `---`. */
export function toYamlDocuments(documents: readonly YamlValue[]): string {
  return documents.map((document) => emit(document, 0).join("\n") + "\n").join("---\n");
}

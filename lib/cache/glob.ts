/**
 * A RegExp matching what Redis's `SCAN MATCH` glob matches (`*`, `?`, `[abc]`, `[^a-z]`, `\x`),
 * so an instance drops from its L1 exactly the keys a pattern invalidation removed from L2.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === "*") source += "[\\s\\S]*";
    else if (char === "?") source += "[\\s\\S]";
    else if (char === "\\" && index + 1 < pattern.length) source += escapeForRegExp(pattern[++index]!);
    else if (char === "[") {
      const close = pattern.indexOf("]", index + 2);
      if (close === -1) {
        source += escapeForRegExp(char);
        continue;
      }
      source += characterClass(pattern.slice(index + 1, close));
      index = close;
    } else source += escapeForRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

function characterClass(body: string): string {
  const isNegated = body.startsWith("^");
  const members = (isNegated ? body.slice(1) : body).replace(/[\\\]^[]/g, "\\$&");
  return `[${isNegated ? "^" : ""}${members}]`;
}

function escapeForRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/*
 * The host lists as the text people edit: one host per line; a deny-list line may add a reason
 * after the host. Pure, so the parsing is unit-tested; the server validates each host again.
 */

const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$|^\[?[0-9a-f:.]+\]?$/;

export type ParsedLines<T> = { value: T[]; errors: string[] };

function hostProblem(host: string, line: number): string | null {
  if (/^[a-z]+:\/\//.test(host)) return `Line ${line}: write the host alone, without http:// or a path`;
  if (!HOST.test(host)) return `Line ${line}: "${host}" is not a host name (e.g. api.example.com or *.example.com)`;
  return null;
}

function lines(text: string): { text: string; line: number }[] {
  return text
    .split("\n")
    .map((raw, index) => ({ text: raw.trim(), line: index + 1 }))
    .filter((entry) => entry.text !== "" && !entry.text.startsWith("#"));
}

export function parseAllowLines(text: string): ParsedLines<string> {
  const value: string[] = [];
  const errors: string[] = [];
  for (const entry of lines(text)) {
    const host = entry.text.toLowerCase().replace(/\.$/, "");
    const problem = hostProblem(host, entry.line);
    if (problem) errors.push(problem);
    else if (!value.includes(host)) value.push(host);
  }
  return { value, errors };
}

export function parseDenyLines(text: string): ParsedLines<{ pattern: string; reason: string }> {
  const value: { pattern: string; reason: string }[] = [];
  const errors: string[] = [];
  for (const entry of lines(text)) {
    const [first = "", ...rest] = entry.text.split(/\s+/);
    const pattern = first.toLowerCase().replace(/\.$/, "");
    const problem = hostProblem(pattern, entry.line);
    if (problem) errors.push(problem);
    else if (!value.some((host) => host.pattern === pattern)) value.push({ pattern, reason: rest.join(" ") });
  }
  return { value, errors };
}

export const denyLinesOf = (hosts: { pattern: string; reason: string }[]) => hosts.map((host) => (host.reason ? `${host.pattern} ${host.reason}` : host.pattern)).join("\n");

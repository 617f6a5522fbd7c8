// Lists import circles among the app's own modules (type-only imports count too: a circle of
// types still ties the modules together). Exits 1 when there is one.
//   npx tsx scripts/import-cycles.ts [folder ...]   (default: lib components app)
import fs from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const EXTENSIONS = [".ts", ".tsx"];
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;

function listSources(folder: string): string[] {
  const entries = fs.readdirSync(folder, { withFileTypes: true });
  return entries.flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : listSources(full);
    return EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : undefined;
  if (!base) return undefined;
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(SPECIFIER)].flatMap((match) => {
    const resolved = resolveModule(file, match[1] ?? match[2] ?? match[3]!);
    return resolved ? [resolved] : [];
  });
}

/** Tarjan's strongly connected components: every component with more than one module is a circle. */
function findCircles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(component.reverse());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return circles;
}

const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["lib", "components", "app"];
const graph = new Map<string, string[]>();
const pending = folders.flatMap((folder) => listSources(path.join(ROOT, folder)));
// Follow imports out of the folders too (server.ts, scripts/), so a circle through them shows;
// the generated Prisma client is not ours to untangle.
const isOwnSource = (file: string) => !path.relative(ROOT, file).startsWith("generated" + path.sep);
while (pending.length > 0) {
  const file = pending.pop()!;
  if (graph.has(file)) continue;
  const imports = importsOf(file).filter(isOwnSource);
  graph.set(file, imports);
  pending.push(...imports.filter((next) => !graph.has(next)));
}
const circles = findCircles(graph);
for (const circle of circles) console.log(`circle: ${circle.map((file) => path.relative(ROOT, file)).join(" -> ")}`);
console.log(`${graph.size} modules, ${circles.length} import circle${circles.length === 1 ? "" : "s"}`);
process.exitCode = circles.length > 0 ? 1 : 0;

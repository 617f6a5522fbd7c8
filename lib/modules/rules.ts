import semver from "semver";

/**
 * Dependency resolution and activation checks: pure functions over a registry snapshot, no I/O,
 * no clock (a deadline arrives as a callback), so the table tests pin down every rule.
 */

export type Requirement = { key: string; range: string };

export type RegistryVersion = { version: string; requires: readonly string[]; isWithdrawn: boolean };
export type RegistryModule = { key: string; versions: readonly RegistryVersion[] };
export type RegistryLookup = (key: string) => RegistryModule | undefined;

export type ResolvedModule = {
  key: string;
  version: string;
  /** Keys this version needs active first. */
  requires: string[];
  /** 0 for a module without dependencies, else one more than its deepest dependency. */
  level: number;
  /** Already active or activating for the tenant at this version. */
  isInstalled: boolean;
};

export type ResolutionFailureReason = "invalid" | "missing" | "incompatible" | "cycle" | "too_deep" | "timeout";
export type ResolutionFailure = { reason: ResolutionFailureReason; message: string; cycle?: string[]; chain?: string[] };

export type ResolutionResult = { ok: true; order: ResolvedModule[] } | { ok: false; failure: ResolutionFailure };

export type ResolveOptions = {
  maxDepth: number;
  /** Versions the tenant already runs; they are kept, never silently swapped. */
  installed?: ReadonlyMap<string, string>;
  isPastDeadline?: () => boolean;
};

const MODULE_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Versions settle one level per round; a registry that keeps flipping them is refused. */
const EXTRA_SETTLE_ROUNDS = 50;

/** Parsed ranges: resolution tests the same few ranges thousands of times. Bounded, pure. */
const RANGE_MEMO_LIMIT = 10_000;
const parsedRanges = new Map<string, semver.Range>();

function satisfies(version: string, range: string): boolean {
  let parsed = parsedRanges.get(range);
  if (!parsed) {
    if (parsedRanges.size >= RANGE_MEMO_LIMIT) parsedRanges.clear();
    parsed = new semver.Range(range);
    parsedRanges.set(range, parsed);
  }
  return parsed.test(version);
}

/** `crm-core`, `crm-core@^2.0.0` or `crm-core@>=1.2 <3` → key and range (`*` when absent). */
export function parseRequirement(text: string): Requirement | null {
  const at = text.indexOf("@");
  const key = (at < 0 ? text : text.slice(0, at)).trim();
  const range = at < 0 ? "*" : text.slice(at + 1).trim();
  if (!MODULE_KEY.test(key) || range === "" || semver.validRange(range) === null) return null;
  return { key, range };
}

export function formatRequirement(requirement: Requirement): string {
  return requirement.range === "*" ? requirement.key : `${requirement.key}@${requirement.range}`;
}

type Constraint = { range: string; requiredBy: string | null };

class ResolutionError extends Error {
  constructor(readonly failure: ResolutionFailure) {
    super(failure.message);
  }
}

function fail(reason: ResolutionFailureReason, message: string, extra: Partial<ResolutionFailure> = {}): never {
  throw new ResolutionError({ reason, message, ...extra });
}

function describeConstraint(key: string, constraint: Constraint): string {
  return constraint.requiredBy ? `${constraint.requiredBy} requires ${key}@${constraint.range}` : `the request asks for ${key}@${constraint.range}`;
}

function versionOf(module: RegistryModule, version: string): RegistryVersion {
  const found = module.versions.find((candidate) => candidate.version === version);
  if (!found) fail("incompatible", `${module.key} ${version} is not in the registry`);
  return found;
}

function requirementsOf(module: RegistryModule, version: string): Requirement[] {
  return versionOf(module, version).requires.map((text) => {
    const requirement = parseRequirement(text);
    if (!requirement) fail("invalid", `${module.key}@${version} declares an invalid requirement "${text}"`);
    return requirement;
  });
}

/**
 * Whether a version's own requirements can be met at all: each required module exists with a
 * usable version in range, or is installed at a version in range. One level of look-ahead, so
 * a newer version whose needs clash with what the tenant runs yields to an older one that fits.
 */
function isViable(candidate: RegistryVersion, lookup: RegistryLookup, installed: ReadonlyMap<string, string> | undefined): boolean {
  return candidate.requires.every((text) => {
    const requirement = parseRequirement(text);
    if (!requirement) return false;
    const installedVersion = installed?.get(requirement.key);
    if (installedVersion !== undefined) return satisfies(installedVersion, requirement.range);
    return lookup(requirement.key)?.versions.some((version) => !version.isWithdrawn && satisfies(version.version, requirement.range)) ?? false;
  });
}

/** Highest published version satisfying every constraint; a tenant's installed version is kept. */
function chooseVersion(key: string, module: RegistryModule, constraints: Constraint[], context: { lookup: RegistryLookup; installed?: ReadonlyMap<string, string> }): string {
  const installedVersion = context.installed?.get(key);
  if (installedVersion !== undefined) {
    const violated = constraints.find((constraint) => !satisfies(installedVersion, constraint.range));
    if (violated) fail("incompatible", `${key} ${installedVersion} is active, but ${describeConstraint(key, violated)}`, { chain: [key] });
    return installedVersion;
  }
  const candidates = module.versions
    .filter((candidate) => !candidate.isWithdrawn && constraints.every((constraint) => satisfies(candidate.version, constraint.range)))
    .sort((a, b) => semver.rcompare(a.version, b.version));
  // With no viable candidate the highest one is taken anyway, so the error names the real clash.
  const chosen = candidates.find((candidate) => isViable(candidate, context.lookup, context.installed)) ?? candidates[0];
  if (chosen) return chosen.version;
  const available = module.versions.filter((candidate) => !candidate.isWithdrawn).map((candidate) => candidate.version).sort(semver.compare);
  fail(
    "incompatible",
    `no version of ${key} satisfies ${constraints.map((constraint) => describeConstraint(key, constraint)).join(" and ")}; available: ${available.join(", ") || "none"}`,
    { chain: [key] },
  );
}

/** Every module reachable from the request under the current choices, with the ranges asked of it. */
function collectConstraints(requested: Requirement[], chosen: ReadonlyMap<string, string>, lookup: RegistryLookup): Map<string, Constraint[]> {
  const constraints = new Map<string, Constraint[]>();
  const add = (key: string, constraint: Constraint) => {
    const list = constraints.get(key);
    if (list) list.push(constraint);
    else constraints.set(key, [constraint]);
  };
  for (const requirement of requested) add(requirement.key, { range: requirement.range, requiredBy: null });
  const queue = [...new Set(requested.map((requirement) => requirement.key))];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const key = queue.shift()!;
    const version = chosen.get(key);
    const module = lookup(key);
    if (version === undefined || !module) continue;
    for (const dependency of requirementsOf(module, version)) {
      add(dependency.key, { range: dependency.range, requiredBy: `${key}@${version}` });
      if (!seen.has(dependency.key)) {
        seen.add(dependency.key);
        queue.push(dependency.key);
      }
    }
  }
  return constraints;
}

function findCycle(roots: string[], edges: ReadonlyMap<string, string[]>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === "done") return null;
    if (state.get(key) === "visiting") return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, "visiting");
    stack.push(key);
    for (const next of edges.get(key) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(key, "done");
    return null;
  };
  for (const root of roots) {
    const cycle = visit(root);
    if (cycle) return cycle;
  }
  return null;
}

/** Level of each module (0 = no dependencies) and, per module, its deepest chain downwards. */
function measureLevels(edges: ReadonlyMap<string, string[]>): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const visiting = new Set<string>();
  const chainOf = (key: string): string[] => {
    const known = chains.get(key);
    if (known) return known;
    // Resolution refuses cycles first; this only keeps stored data from recursing forever.
    if (visiting.has(key)) return [key];
    visiting.add(key);
    let deepest: string[] = [];
    for (const next of [...(edges.get(key) ?? [])].sort()) {
      const chain = chainOf(next);
      if (chain.length > deepest.length) deepest = chain;
    }
    const chain = [key, ...deepest];
    chains.set(key, chain);
    return chain;
  };
  for (const key of edges.keys()) chainOf(key);
  return chains;
}

function settleVersions(requested: Requirement[], lookup: RegistryLookup, options: ResolveOptions): Map<string, string> {
  let chosen = new Map<string, string>();
  const maxRounds = options.maxDepth + EXTRA_SETTLE_ROUNDS;
  for (let round = 0; round < maxRounds; round += 1) {
    if (options.isPastDeadline?.()) fail("timeout", "dependency resolution ran out of time");
    const constraints = collectConstraints(requested, chosen, lookup);
    const next = new Map<string, string>();
    for (const [key, list] of constraints) {
      const module = lookup(key);
      if (!module) {
        const asker = list.find((constraint) => constraint.requiredBy);
        fail("missing", asker ? `${asker.requiredBy} requires ${key}@${asker.range}, but the registry has no module ${key}` : `the registry has no module ${key}`, {
          chain: asker?.requiredBy ? [asker.requiredBy.split("@")[0]!, key] : [key],
        });
      }
      next.set(key, chooseVersion(key, module, list, { lookup, installed: options.installed }));
    }
    const isSettled = next.size === chosen.size && [...next].every(([key, version]) => chosen.get(key) === version);
    chosen = next;
    if (isSettled) return chosen;
  }
  fail("incompatible", `module versions did not settle after ${maxRounds} rounds; the registry's ranges contradict each other`);
}

/**
 * The modules to activate for `requested`, dependencies first: for each module the highest
 * version that satisfies every range asked of it (installed versions are kept), refusing
 * cycles (naming the path), missing or incompatible modules (naming who needs what and what
 * exists) and chains more than `maxDepth` levels below a requested module.
 */
export function resolveModules(requested: Requirement[], lookup: RegistryLookup, options: ResolveOptions): ResolutionResult {
  try {
    const chosen = settleVersions(requested, lookup, options);
    const edges = new Map([...chosen].map(([key, version]) => [key, [...new Set(requirementsOf(lookup(key)!, version).map((dependency) => dependency.key))]]));
    const roots = [...new Set(requested.map((requirement) => requirement.key))].sort();
    const cycle = findCycle(roots, edges);
    if (cycle) fail("cycle", `dependency cycle: ${cycle.join(" → ")}`, { cycle, chain: cycle });
    const chains = measureLevels(edges);
    for (const root of roots) {
      const chain = chains.get(root)!;
      if (chain.length - 1 > options.maxDepth) {
        fail("too_deep", `the dependency chain ${chain.join(" → ")} is ${chain.length - 1} levels deep; the limit is ${options.maxDepth}`, { chain });
      }
    }
    const order = [...chosen]
      .map(([key, version]) => ({
        key,
        version,
        requires: edges.get(key)!,
        level: chains.get(key)!.length - 1,
        isInstalled: options.installed?.get(key) === version,
      }))
      .sort((a, b) => a.level - b.level || a.key.localeCompare(b.key));
    return { ok: true, order };
  } catch (error) {
    if (error instanceof ResolutionError) return { ok: false, failure: error.failure };
    throw error;
  }
}

export type ActiveDependency = { key: string; version: string | null; status: string };

/**
 * Why a module version cannot start now (empty when it can): every requirement must be met by
 * an active dependency whose version is in range, and the version must not be withdrawn.
 */
export function activationProblems(requires: readonly string[], isWithdrawn: boolean, dependencies: readonly ActiveDependency[]): string[] {
  const problems = isWithdrawn ? ["this version was withdrawn from the registry"] : [];
  for (const text of requires) {
    const requirement = parseRequirement(text);
    if (!requirement) {
      problems.push(`invalid requirement "${text}"`);
      continue;
    }
    const dependency = dependencies.find((candidate) => candidate.key === requirement.key);
    if (!dependency || dependency.status !== "active") {
      problems.push(`needs ${formatRequirement(requirement)} active (it is ${dependency?.status ?? "not activated"})`);
    } else if (dependency.version && !satisfies(dependency.version, requirement.range)) {
      problems.push(`needs ${formatRequirement(requirement)}, but ${requirement.key} ${dependency.version} is active`);
    }
  }
  return problems;
}

/** Delay before retry `attempt` (1-based): doubling from 200 ms, capped at 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.max(0, attempt - 1), 5_000);
}

/** Dependents first: the order in which to stop `keys` given who requires whom. */
export function deactivationOrder(keys: readonly string[], requiresOf: ReadonlyMap<string, readonly string[]>): string[] {
  const wanted = new Set(keys);
  const levels = measureLevels(new Map(keys.map((key) => [key, (requiresOf.get(key) ?? []).filter((dependency) => wanted.has(dependency))])));
  return [...keys].sort((a, b) => levels.get(b)!.length - levels.get(a)!.length || a.localeCompare(b));
}

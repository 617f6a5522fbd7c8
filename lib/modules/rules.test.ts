import { describe, expect, test } from "vitest";
import { activationProblems, deactivationOrder, parseRequirement, resolveModules, retryDelayMs, type RegistryModule, type Requirement } from "./rules";

/** `{ a: { "1.0.0": ["b@^1"] } }` → a registry lookup. */
function registry(spec: Record<string, Record<string, string[]>>, withdrawn: string[] = []) {
  const modules = new Map<string, RegistryModule>(
    Object.entries(spec).map(([key, versions]) => [
      key,
      { key, versions: Object.entries(versions).map(([version, requires]) => ({ version, requires, isWithdrawn: withdrawn.includes(`${key}@${version}`) })) },
    ]),
  );
  return (key: string) => modules.get(key);
}

function request(...texts: string[]): Requirement[] {
  return texts.map((text) => parseRequirement(text)!);
}

/** A chain m0 → m1 → … → m{levels}: m0 sits `levels` levels above the last one. */
function chain(levels: number) {
  return registry(Object.fromEntries(Array.from({ length: levels + 1 }, (_, index) => [`m${index}`, { "1.0.0": index < levels ? [`m${index + 1}@^1`] : [] }])));
}

const DEPTH = { maxDepth: 10 };

function orderOf(result: ReturnType<typeof resolveModules>): string[] {
  if (!result.ok) throw new Error(`expected a resolution, got ${result.failure.message}`);
  return result.order.map((module) => `${module.key}@${module.version}`);
}

function failureOf(result: ReturnType<typeof resolveModules>) {
  if (result.ok) throw new Error(`expected a failure, got ${orderOf(result).join(", ")}`);
  return result.failure;
}

describe("parseRequirement", () => {
  test.each([
    { text: "crm-core", expected: { key: "crm-core", range: "*" } },
    { text: "crm-core@^2.0.0", expected: { key: "crm-core", range: "^2.0.0" } },
    { text: "crm-core@>=1.2 <3", expected: { key: "crm-core", range: ">=1.2 <3" } },
    { text: "crm-core@2.1.0", expected: { key: "crm-core", range: "2.1.0" } },
    { text: "CRM", expected: null },
    { text: "crm-core@", expected: null },
    { text: "crm-core@not-a-range", expected: null },
    { text: "-crm", expected: null },
  ])("reads $text", ({ text, expected }) => {
    expect(parseRequirement(text)).toEqual(expected);
  });
});

describe("resolveModules", () => {
  test("orders a chain dependencies first", () => {
    const lookup = registry({ "crm-forecast": { "1.0.0": ["crm-pipeline@^1"] }, "crm-pipeline": { "1.0.0": ["crm-core@^1"] }, "crm-core": { "1.0.0": [] } });
    expect(orderOf(resolveModules(request("crm-forecast"), lookup, DEPTH))).toEqual(["crm-core@1.0.0", "crm-pipeline@1.0.0", "crm-forecast@1.0.0"]);
  });

  test("activates a diamond's shared dependency once, before both sides", () => {
    const lookup = registry({ top: { "1.0.0": ["left@^1", "right@^1"] }, left: { "1.0.0": ["base@^1"] }, right: { "1.0.0": ["base@^1.2"] }, base: { "1.0.0": [], "1.3.0": [] } });
    const result = resolveModules(request("top"), lookup, DEPTH);
    expect(orderOf(result)).toEqual(["base@1.3.0", "left@1.0.0", "right@1.0.0", "top@1.0.0"]);
    if (result.ok) expect(result.order.map((module) => module.level)).toEqual([0, 1, 1, 2]);
  });

  test("picks the highest version that satisfies every range asked of it", () => {
    const lookup = registry({ a: { "1.0.0": ["base@>=1.1"] }, b: { "1.0.0": ["base@<2"] }, base: { "1.0.0": [], "1.1.0": [], "1.4.2": [], "2.0.0": [] } });
    expect(orderOf(resolveModules(request("a", "b"), lookup, DEPTH))).toContain("base@1.4.2");
  });

  test("takes the requested range into account", () => {
    const lookup = registry({ base: { "1.0.0": [], "1.9.0": [], "2.0.0": [] } });
    expect(orderOf(resolveModules(request("base@~1.0"), lookup, DEPTH))).toEqual(["base@1.0.0"]);
    expect(orderOf(resolveModules(request("base"), lookup, DEPTH))).toEqual(["base@2.0.0"]);
  });

  test("follows the dependencies of the chosen version, not of others", () => {
    const lookup = registry({ app: { "1.0.0": ["old-dep@^1"], "2.0.0": ["new-dep@^1"] }, "old-dep": { "1.0.0": [] }, "new-dep": { "1.0.0": [] } });
    expect(orderOf(resolveModules(request("app"), lookup, DEPTH))).toEqual(["new-dep@1.0.0", "app@2.0.0"]);
  });

  test("skips withdrawn versions", () => {
    const lookup = registry({ base: { "1.0.0": [], "1.1.0": [] } }, ["base@1.1.0"]);
    expect(orderOf(resolveModules(request("base"), lookup, DEPTH))).toEqual(["base@1.0.0"]);
  });

  test("keeps an installed version and marks it", () => {
    const lookup = registry({ app: { "1.0.0": ["base@^1"] }, base: { "1.0.0": [], "1.5.0": [] } });
    const result = resolveModules(request("app"), lookup, { ...DEPTH, installed: new Map([["base", "1.0.0"]]) });
    expect(orderOf(result)).toEqual(["base@1.0.0", "app@1.0.0"]);
    if (result.ok) expect(result.order.map((module) => module.isInstalled)).toEqual([true, false]);
  });

  test("prefers an older version whose requirements fit what the tenant runs", () => {
    const lookup = registry({ pipeline: { "1.0.0": ["core@^1"], "2.0.0": ["core@^2"] }, core: { "1.0.0": [], "2.0.0": [] } });
    const result = resolveModules(request("pipeline"), lookup, { ...DEPTH, installed: new Map([["core", "1.0.0"]]) });
    expect(orderOf(result)).toEqual(["core@1.0.0", "pipeline@1.0.0"]);
  });

  test("prefers an older version when the newer one needs a module that does not exist", () => {
    const lookup = registry({ app: { "1.0.0": [], "2.0.0": ["gone@^1"] } });
    expect(orderOf(resolveModules(request("app"), lookup, DEPTH))).toEqual(["app@1.0.0"]);
  });

  test("refuses when an installed version is out of a new dependent's range", () => {
    const lookup = registry({ app: { "1.0.0": ["base@^2"] }, base: { "1.0.0": [], "2.0.0": [] } });
    const failure = failureOf(resolveModules(request("app"), lookup, { ...DEPTH, installed: new Map([["base", "1.0.0"]]) }));
    expect(failure.reason).toBe("incompatible");
    expect(failure.message).toBe("base 1.0.0 is active, but app@1.0.0 requires base@^2");
  });

  test.each([
    { levels: 9, ok: true },
    { levels: 10, ok: true },
    { levels: 11, ok: false },
  ])("a chain $levels levels deep resolves: $ok", ({ levels, ok }) => {
    const result = resolveModules(request("m0"), chain(levels), DEPTH);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.order).toHaveLength(levels + 1);
    else {
      expect(result.failure.reason).toBe("too_deep");
      expect(result.failure.message).toMatch(/^the dependency chain m0 → m1 → .* → m11 is 11 levels deep; the limit is 10$/);
    }
  });

  test("honours a configured depth", () => {
    expect(resolveModules(request("m0"), chain(3), { maxDepth: 2 }).ok).toBe(false);
    expect(resolveModules(request("m0"), chain(3), { maxDepth: 3 }).ok).toBe(true);
  });

  test.each<{ name: string; spec: Record<string, Record<string, string[]>>; cycle: string[] }>([
    { name: "a module requiring itself", spec: { a: { "1.0.0": ["a@^1"] } }, cycle: ["a", "a"] },
    { name: "two modules", spec: { a: { "1.0.0": ["b@^1"] }, b: { "1.0.0": ["a@^1"] } }, cycle: ["a", "b", "a"] },
    { name: "three modules", spec: { a: { "1.0.0": ["b@^1"] }, b: { "1.0.0": ["c@^1"] }, c: { "1.0.0": ["a@^1"] } }, cycle: ["a", "b", "c", "a"] },
    { name: "a cycle below the request", spec: { top: { "1.0.0": ["a@^1"] }, a: { "1.0.0": ["b@^1"] }, b: { "1.0.0": ["a@^1"] } }, cycle: ["a", "b", "a"] },
  ])("names the cycle path for $name", ({ spec, cycle }) => {
    const failure = failureOf(resolveModules(request(Object.keys(spec)[0]!), registry(spec), DEPTH));
    expect(failure.reason).toBe("cycle");
    expect(failure.cycle).toEqual(cycle);
    expect(failure.message).toBe(`dependency cycle: ${cycle.join(" → ")}`);
  });

  test("names a missing dependency and who requires it", () => {
    const failure = failureOf(resolveModules(request("crm-forecast"), registry({ "crm-forecast": { "1.2.0": ["crm-pipeline@^2"] } }), DEPTH));
    expect(failure).toMatchObject({ reason: "missing", message: "crm-forecast@1.2.0 requires crm-pipeline@^2, but the registry has no module crm-pipeline" });
  });

  test("names a missing requested module", () => {
    expect(failureOf(resolveModules(request("nope"), registry({}), DEPTH))).toMatchObject({ reason: "missing", message: "the registry has no module nope" });
  });

  test("names an incompatible dependency with what is available", () => {
    const lookup = registry({ "crm-forecast": { "1.2.0": ["crm-core@^3"] }, "crm-core": { "1.0.0": [], "2.1.0": [] } });
    expect(failureOf(resolveModules(request("crm-forecast"), lookup, DEPTH))).toMatchObject({
      reason: "incompatible",
      message: "no version of crm-core satisfies crm-forecast@1.2.0 requires crm-core@^3; available: 1.0.0, 2.1.0",
    });
  });

  test("names both sides of a diamond whose ranges do not meet", () => {
    const lookup = registry({ top: { "1.0.0": ["left@^1", "right@^1"] }, left: { "1.0.0": ["base@^1"] }, right: { "1.0.0": ["base@^2"] }, base: { "1.0.0": [], "2.0.0": [] } });
    const failure = failureOf(resolveModules(request("top"), lookup, DEPTH));
    expect(failure.reason).toBe("incompatible");
    expect(failure.message).toContain("left@1.0.0 requires base@^1");
    expect(failure.message).toContain("right@1.0.0 requires base@^2");
  });

  test("stops when the deadline has passed", () => {
    expect(failureOf(resolveModules(request("m0"), chain(3), { ...DEPTH, isPastDeadline: () => true })).reason).toBe("timeout");
  });
});

describe("activationProblems", () => {
  test.each([
    { name: "no requirements", requires: [], deps: [], problems: [] },
    { name: "an active dependency in range", requires: ["base@^1"], deps: [{ key: "base", version: "1.2.0", status: "active" }], problems: [] },
    { name: "a pending dependency", requires: ["base@^1"], deps: [{ key: "base", version: "1.2.0", status: "pending" }], problems: ["needs base@^1 active (it is pending)"] },
    { name: "a dependency never activated", requires: ["base@^1"], deps: [], problems: ["needs base@^1 active (it is not activated)"] },
    {
      name: "an active dependency out of range",
      requires: ["base@^2"],
      deps: [{ key: "base", version: "1.2.0", status: "active" }],
      problems: ["needs base@^2, but base 1.2.0 is active"],
    },
  ])("$name", ({ requires, deps, problems }) => {
    expect(activationProblems(requires, false, deps)).toEqual(problems);
  });

  test("a withdrawn version cannot start", () => {
    expect(activationProblems([], true, [])).toEqual(["this version was withdrawn from the registry"]);
  });
});

test.each([
  { attempt: 1, delayMs: 200 },
  { attempt: 2, delayMs: 400 },
  { attempt: 3, delayMs: 800 },
  { attempt: 10, delayMs: 5_000 },
])("retry $attempt waits $delayMs ms", ({ attempt, delayMs }) => {
  expect(retryDelayMs(attempt)).toBe(delayMs);
});

test("deactivation stops dependents before what they require", () => {
  const requiresOf = new Map([
    ["crm-forecast", ["crm-pipeline"]],
    ["crm-pipeline", ["crm-core"]],
    ["crm-core", []],
    ["crm-reports", ["crm-core"]],
  ]);
  expect(deactivationOrder(["crm-core", "crm-pipeline", "crm-forecast", "crm-reports"], requiresOf)).toEqual(["crm-forecast", "crm-pipeline", "crm-reports", "crm-core"]);
});

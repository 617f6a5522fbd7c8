import { describe, expect, test } from "vitest";
import { hasPlatformRole, hasTenantRole } from "./roles";

describe("hasTenantRole", () => {
  test.each([
    ["member", "any", true],
    ["member", ["member"], true],
    ["member", ["admin"], false],
    ["admin", ["member"], true],
    ["admin", [], true],
    [null, "any", false],
  ] as const)("%s with %j allowed → %s", (role, allowed, expected) => {
    expect(hasTenantRole(role, allowed)).toBe(expected);
  });
});

describe("hasPlatformRole", () => {
  test.each([
    ["viewer", "any", true],
    ["viewer", ["sre"], false],
    ["sre", ["sre"], true],
    ["manager", ["sre"], false],
    ["manager", ["manager"], true],
    ["sre", ["manager"], false],
    ["admin", ["sre"], true],
    ["admin", [], true],
  ] as const)("%s with %j allowed → %s", (role, allowed, expected) => {
    expect(hasPlatformRole(role, allowed)).toBe(expected);
  });

  test("a user without a platform role opens nothing of the control plane", () => {
    expect(hasPlatformRole(null, "any")).toBe(false);
    expect(hasPlatformRole(undefined, "any")).toBe(false);
  });
});

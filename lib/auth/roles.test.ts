import { describe, expect, test } from "vitest";
import { canOpenOps, hasRole } from "./roles";

describe("hasRole", () => {
  test.each([
    ["member", ["member"], true],
    ["member", ["sre"], false],
    ["sre", ["sre", "manager"], true],
    ["manager", ["sre"], false],
    ["admin", ["sre"], true],
    ["admin", [], true],
  ] as const)("%s with %j allowed → %s", (role, allowed, expected) => {
    expect(hasRole(role, allowed)).toBe(expected);
  });
});

describe("canOpenOps", () => {
  test("members stay in the agency area", () => expect(canOpenOps("member")).toBe(false));
  test.each(["sre", "manager", "admin"] as const)("%s opens the control plane", (role) => {
    expect(canOpenOps(role)).toBe(true);
  });
});

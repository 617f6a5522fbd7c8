import { describe, expect, test } from "vitest";
import { formatMigrationTimestamp, toMigrationName } from "./migrations-dir";

describe("formatMigrationTimestamp", () => {
  test("prefixes with the UTC time as yyyymmddhhmmss", () => {
    expect(formatMigrationTimestamp(new Date("2025-03-04T05:06:07.890Z"))).toBe("20250304050607");
  });
});

describe("toMigrationName", () => {
  test.each([
    ["init", "init"],
    ["Add Tenant Plan", "add_tenant_plan"],
    ["  drop-user.image ", "drop_user_image"],
    ["!!", ""],
  ])("turns %j into %j", (input, expected) => {
    expect(toMigrationName(input)).toBe(expected);
  });
});

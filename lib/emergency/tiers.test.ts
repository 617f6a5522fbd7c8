import { describe, expect, test } from "vitest";
import { featureAreaOfApiPath, featureAreaOfPage, isDegraded } from "./tiers";

describe("featureAreaOfApiPath", () => {
  test.each([
    ["/v1/templates", "templates"],
    ["/v1/templates/{id}", "templates"],
    ["/v1/marketplace/items", "marketplace"],
    ["/v1/modules/activations", "modules"],
    ["/v1/tenant-modules/{key}", "modules"],
    ["/v1/workflow-executions", "workflows"],
    ["/v1/ops/emergency/runs", "ops"],
    ["/v1/me", "account"],
    ["/v1/circuit-breaker", "platform"],
    ["/api/v1/dashboard/stats", "dashboard"],
  ])("%s belongs to %s", (path, area) => {
    expect(featureAreaOfApiPath(path)).toBe(area);
  });
});

describe("featureAreaOfPage", () => {
  test.each([
    ["/app", "dashboard"],
    ["/app/marketplace", "marketplace"],
    ["/app/templates/123", "templates"],
    ["/ops/emergency", "ops"],
  ])("%s belongs to %s", (path, area) => {
    expect(featureAreaOfPage(path)).toBe(area);
  });
});

describe("isDegraded", () => {
  test("core never degrades, whatever is broken", () => {
    expect(isDegraded("core", "marketplace", new Set(["global", "marketplace"]))).toBe(false);
  });

  test("a global activation degrades every non-core tier in every area", () => {
    expect(isDegraded("standard", "modules", new Set(["global"]))).toBe(true);
    expect(isDegraded("optional", "marketplace", new Set(["global"]))).toBe(true);
  });

  test("a per-area activation degrades only that area", () => {
    const broken = new Set(["workflows"]);
    expect(isDegraded("standard", "workflows", broken)).toBe(true);
    expect(isDegraded("standard", "modules", broken)).toBe(false);
  });

  test("nothing degrades while nothing is broken", () => {
    expect(isDegraded("optional", "marketplace", new Set())).toBe(false);
  });
});

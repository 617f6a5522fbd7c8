import { describe, expect, test } from "vitest";
import { chooseActiveMembership, readCookie, type Membership } from "./session";

const acme: Membership = { tenantId: "a", tenantSlug: "acme", tenantName: "Acme", role: "admin" };
const bolt: Membership = { tenantId: "b", tenantSlug: "bolt", tenantName: "Bolt", role: "member" };

describe("chooseActiveMembership", () => {
  test("uses the tenant from the cookie when the user belongs to it", () => {
    expect(chooseActiveMembership([acme, bolt], "b")).toBe(bolt);
  });
  test("ignores a tenant the user does not belong to", () => {
    expect(chooseActiveMembership([acme, bolt], "someone-else")).toBe(acme);
  });
  test("is null for a user without tenants", () => {
    expect(chooseActiveMembership([], "a")).toBeNull();
  });
});

describe("readCookie", () => {
  test("finds one cookie among several", () => {
    expect(readCookie("x=1; agency_tenant=abc%2Fd; y=2", "agency_tenant")).toBe("abc/d");
  });
  test("is undefined when absent", () => {
    expect(readCookie("x=1", "agency_tenant")).toBeUndefined();
    expect(readCookie(null, "agency_tenant")).toBeUndefined();
  });
});

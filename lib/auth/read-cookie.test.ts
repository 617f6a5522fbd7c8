import { describe, expect, test } from "vitest";
import { readCookie } from "./session";

describe("a crafted cookie that does not percent-decode is ignored, never a URIError", () => {
  test.each(["%", "%zz", "%E0%A4%A", "%ED%A0%80", "abc%", "%%41", "%C0%AF"])("agency_tenant=%s reads as absent", (value) => {
    expect(readCookie(`x=1; agency_tenant=${value}; y=2`, "agency_tenant")).toBeUndefined();
  });

  test("the other cookies in the header still read", () => {
    const header = "agency_tenant=%zz; agency_last_write=1700000000000";
    expect(readCookie(header, "agency_last_write")).toBe("1700000000000");
  });

  test("well-formed percent-encoding still decodes", () => {
    expect(readCookie("agency_tenant=caf%C3%A9%20%2F", "agency_tenant")).toBe("café /");
  });
});

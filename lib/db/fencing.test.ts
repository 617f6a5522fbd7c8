import { describe, expect, test } from "vitest";
import { hostOf, urlOnHost } from "./fencing";

describe("urlOnHost", () => {
  test.each([
    ["postgresql://app:secret@10.0.0.1:5432/agency?sslmode=require", "10.0.0.2:6543", "postgresql://app:secret@10.0.0.2:6543/agency?sslmode=require"],
    ["postgresql://app:secret@db-a/agency", "db-b:5433", "postgresql://app:secret@db-b:5433/agency"],
    ["postgresql://app:secret@db-a:5433/agency", "db-b", "postgresql://app:secret@db-b:5432/agency"],
  ])("keeps the login and database of %s on %s", (url, host, expected) => {
    expect(urlOnHost(url, host)).toBe(expected);
  });

  test("the result names the given host", () => {
    expect(hostOf(urlOnHost("postgresql://app:secret@127.0.0.1:55432/agency", "127.0.0.1:55433"))).toBe("127.0.0.1:55433");
  });
});

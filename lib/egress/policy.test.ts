import { describe, expect, test } from "vitest";
import { EgressDeniedError, type EgressRule } from "./errors";
import { checkUrl, defaultEgressPolicy, hostMatches, type EgressPolicy } from "./policy";

function refusal(url: string, policy: EgressPolicy = defaultEgressPolicy()): EgressRule | null {
  try {
    checkUrl(new URL(url), policy);
    return null;
  } catch (error) {
    if (error instanceof EgressDeniedError) return error.rule;
    throw error;
  }
}

describe("hostMatches", () => {
  test.each([
    ["api.example.com", "api.example.com", true],
    ["API.Example.com.", "api.example.com", true],
    ["a.example.com", "*.example.com", true],
    ["a.b.example.com", "*.example.com", true],
    ["example.com", "*.example.com", false],
    ["badexample.com", "*.example.com", false],
    ["example.com.evil.net", "example.com", false],
  ])("%s against %s: %s", (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });
});

describe("checkUrl", () => {
  test.each([
    ["https://api.example.com/x", null],
    ["http://api.example.com:80/x", null],
    ["https://api.example.com:8443/x", "port"],
    ["ftp://api.example.com/x", "scheme"],
    ["https://user:pw@api.example.com/x", "credentials_in_url"],
    ["http://127.0.0.1/", "private_address"],
    ["http://169.254.169.254/latest/meta-data", "private_address"],
    ["http://[::ffff:127.0.0.1]/", "private_address"],
    ["http://[fd00::1]/", "private_address"],
    ["http://0.0.0.0/", "private_address"],
    ["http://8.8.8.8/", null],
    ["http://8.8.8.8:22/", "port"],
  ])("%s → %s", (url, rule) => {
    expect(refusal(url)).toBe(rule);
  });

  test("the deny-list wins over the allow-list", () => {
    const policy = defaultEgressPolicy({ allowHosts: ["*.example.com"], denyHosts: ["evil.example.com"] });
    expect(refusal("https://ok.example.com/", policy)).toBeNull();
    expect(refusal("https://evil.example.com/", policy)).toBe("deny_list");
    expect(refusal("https://other.net/", policy)).toBe("not_in_allow_list");
  });

  test("an empty allow-list allows any public host; a non-empty one only its hosts", () => {
    expect(refusal("https://anything.net/")).toBeNull();
    expect(refusal("https://anything.net/", defaultEgressPolicy({ allowHosts: ["api.example.com"] }))).toBe("not_in_allow_list");
  });

  test("the app's own host is refused", () => {
    expect(refusal("https://app.agency.test/api/metrics", defaultEgressPolicy({ selfHostnames: ["app.agency.test"] }))).toBe("app_address");
  });

  test("allowing private addresses still refuses the app's own ports and the unspecified address", () => {
    const policy = defaultEgressPolicy({ allowPrivate: true, allowedPorts: [80, 443, 3000, 9090], selfPorts: [3000] });
    expect(refusal("http://10.0.0.5/", policy)).toBeNull();
    expect(refusal("http://127.0.0.1:9090/", policy)).toBeNull();
    expect(refusal("http://127.0.0.1:3000/api/metrics", policy)).toBe("app_address");
    expect(refusal("http://0.0.0.0/", policy)).toBe("private_address");
  });

  test("a named address:port passes, the same address on another port does not", () => {
    const policy = defaultEgressPolicy({ allowedAddresses: ["127.0.0.1:4567"] });
    expect(refusal("http://127.0.0.1:4567/", policy)).toBeNull();
    expect(refusal("http://127.0.0.1:4568/", policy)).toBe("port");
    expect(refusal("http://127.0.0.1/", policy)).toBe("private_address");
  });

  test("port ranges allow every port within them, bounds included", () => {
    const policy = defaultEgressPolicy({ allowedPorts: [443, [8000, 8999]] });
    expect(refusal("https://api.example.com:7999/", policy)).toBe("port");
    expect(refusal("https://api.example.com:8000/", policy)).toBeNull();
    expect(refusal("https://api.example.com:8999/", policy)).toBeNull();
    expect(refusal("https://api.example.com:9000/", policy)).toBe("port");
    expect(refusal("http://api.example.com/", policy)).toBe("port");
  });
});

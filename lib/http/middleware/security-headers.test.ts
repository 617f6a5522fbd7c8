import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { createNonce, pageContentSecurityPolicy, pageSecurityHeaders, secureApiResponses } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1).join(" ")]));

describe("security headers for pages", () => {
  test("scripts run only with this response's nonce; styles as elements need it too, style attributes do not", () => {
    const policy = directives(pageContentSecurityPolicy("bm9uY2U=", { https: false, dev: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(policy.get("style-src-elem")).toBe("'self' 'nonce-bm9uY2U='");
    expect(policy.get("style-src-attr")).toBe("'unsafe-inline'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  test("development adds eval for React's debugging and inline style elements for the dev overlay, production neither", () => {
    const dev = directives(pageContentSecurityPolicy("n", { https: false, dev: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src-elem")).toBe("'self' 'unsafe-inline'");
    const production = pageContentSecurityPolicy("n", { https: true, dev: false });
    expect(production).not.toContain("unsafe-eval");
    expect(directives(production).get("style-src-elem")).not.toContain("unsafe-inline");
  });

  test("HSTS and upgrade-insecure-requests only over https", () => {
    const plain = pageSecurityHeaders("n", { https: false, dev: false });
    const tls = pageSecurityHeaders("n", { https: true, dev: false });
    expect(plain).not.toHaveProperty("strict-transport-security");
    expect(tls["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(tls["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  test("every page carries nosniff, a referrer policy and a permissions policy denying devices", () => {
    const headers = pageSecurityHeaders("n", { https: false, dev: false });
    expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" });
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(headers["permissions-policy"]).toContain(`${feature}=()`);
  });

  test("nonces are fresh and in the alphabet Next reads from the policy", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("security headers for the API", () => {
  function api(https = false) {
    const app = new Hono<ApiEnv>();
    app.use("*", secureApiResponses({ https }));
    app.get("/json", (c) => c.json({ ok: true }));
    app.get("/raw", () => new Response("{}", { headers: { "content-type": "application/json" } }));
    app.get("/cached", (c) => c.body("x", 200, { "cache-control": "public, max-age=60" }));
    app.post("/sign-in", () => new Response("{}", { headers: { "set-cookie": "s=1" } }));
    app.get("/fail", () => {
      throw new Error("boom");
    });
    app.onError(() => new Response("{}", { status: 500, headers: { "content-type": "application/problem+json" } }));
    return app;
  }

  test.each(["/json", "/raw", "/fail", "/nowhere"])("%s carries nosniff and a no-content CSP", async (path) => {
    const response = await api().request(path);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  test.each([
    ["a session cookie", { cookie: "agency.session_token=abc" }],
    ["a secure session cookie", { cookie: "x=1; __Secure-agency.session_data=abc" }],
    ["an Authorization header", { authorization: "Bearer abc" }],
  ])("answers to a request with %s are no-store, whichever way they were built", async (_label, headers) => {
    for (const path of ["/json", "/raw", "/fail"]) {
      expect((await api().request(path, { headers })).headers.get("cache-control")).toBe("no-store");
    }
  });

  test("anonymous answers are left to the route, and a response setting a cookie is no-store", async () => {
    expect((await api().request("/json", { headers: { cookie: "agency_tenant=t" } })).headers.get("cache-control")).toBeNull();
    expect((await api().request("/cached")).headers.get("cache-control")).toBe("public, max-age=60");
    expect((await api().request("/sign-in", { method: "POST" })).headers.get("cache-control")).toBe("no-store");
  });

  test("HSTS over https", async () => {
    expect((await api(true).request("/raw")).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});

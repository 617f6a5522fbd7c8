import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/*
 * Security headers on the API: nosniff (and a CSP that lets nothing run or frame) on every
 * response, however it was built; `Cache-Control: no-store` on every answer to a signed-in
 * request, so no shared or browser cache keeps one user's data.
 */

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("security_headers_api");
});
afterAll(async () => api?.close());

async function headersOf(path: string, init: { method?: string; as?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const cookie = init.as ? await api.cookieFor(init.as) : undefined;
  const response = await api.app.request(path, {
    method: init.method ?? "GET",
    headers: { origin: TEST_ORIGIN, ...(cookie ? { cookie } : {}), ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
}

const ADMIN = "admin@agency.test";

describe("no security headers: the API sends nosniff everywhere and no-store on authenticated answers", () => {
  test.each([
    ["a signed-in JSON read", "/api/v1/templates?limit=1", { as: ADMIN }, 200],
    ["a signed-in 400 problem", "/api/v1/templates?limit=0", { as: ADMIN }, 400],
    ["a signed-in 404 problem", "/api/v1/nowhere", { as: ADMIN }, 404],
    ["a signed-in 403 problem", "/api/v1/ops/audit", { as: "member@agency.test" }, 403],
    ["better-auth's own session answer", "/api/auth/get-session", { as: ADMIN }, 200],
    ["a bearer-token call", "/api/v1/me", { headers: { authorization: "Bearer not-a-session" } }, 401],
  ] as const)("%s is nosniff and no-store", async (_label, path, init, status) => {
    const response = await headersOf(path, init);

    expect(response.status).toBe(status);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test.each([
    ["the health probe", "/api/health"],
    ["the OpenAPI document", "/api/v1/openapi.json"],
    ["an anonymous 401", "/api/v1/me"],
    ["an unknown path", "/api/nowhere"],
  ])("%s is nosniff too", async (_label, path) => {
    expect((await headersOf(path)).headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("a sign-in, which sets the session cookie, is no-store", async () => {
    const response = await headersOf("/api/auth/sign-in/email", { method: "POST", body: { email: "sre@agency.test", password: DEMO_PASSWORD } });

    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().length).toBeGreaterThan(0);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("no HSTS while APP_URL is plain http", async () => {
    expect((await headersOf("/api/health")).headers.get("strict-transport-security")).toBeNull();
  });
});

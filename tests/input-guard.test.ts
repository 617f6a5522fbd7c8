import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/*
 * Crafted input answers 400 problem+json naming the field, never a 500: JSON nested 10,000 deep,
 * strings with a lone surrogate or a NUL, on every route that takes a JSON body; and cookies
 * that do not decode, on the API's cookie readers and better-auth's.
 */

type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

const ADMIN = "admin@agency.test";
const SOME_ID = "00000000-0000-4000-8000-000000000000";

let api: InProcessApp;
let northwindId: string;
// Imported once the app is up: lib modules load in the app's order, as in production.
let TENANT_COOKIE: string;
let LAST_WRITE_COOKIE: string;

beforeAll(async () => {
  api = await startInProcessApp("input_guard");
  ({ TENANT_COOKIE } = await import("@/lib/auth/session"));
  ({ LAST_WRITE_COOKIE } = await import("@/lib/db/read-your-writes"));
  northwindId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } })).id;
});

afterAll(async () => api?.close());

/** The admin's session in Northwind: platform admin and tenant admin, so every role check passes. */
async function adminCookie(): Promise<string> {
  return `${await api.cookieFor(ADMIN)}; ${TENANT_COOKIE}=${northwindId}`;
}

async function send(method: string, path: string, init: { body?: string; cookie?: string } = {}) {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: init.cookie ?? (await adminCookie()), origin: TEST_ORIGIN, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body,
  });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get("content-type") ?? "");
  return { status: response.status, contentType: response.headers.get("content-type"), body: (isJson && text ? JSON.parse(text) : text) as Problem };
}

/** `{"input": [[[…]]]}`: about 20 KB, far below the body limit. */
const DEEP_JSON = `{"input":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
/** Written as JSON escapes, exactly as a client would send them. */
const LONE_SURROGATE_JSON = String.raw`{"name":"\ud800"}`;
const NUL_JSON = String.raw`{"name":"a\u0000b"}`;

const CRAFTED_BODIES = [
  { name: "JSON nested 10,000 deep", body: DEEP_JSON, path: "body", message: /deeper than 64/ },
  { name: "a lone surrogate", body: LONE_SURROGATE_JSON, path: "body.name", message: /lone UTF-16 surrogate/ },
  { name: "a NUL byte", body: NUL_JSON, path: "body.name", message: /NUL/ },
] as const;

/** Every route in the catalog that takes a body, with its `{params}` filled in. */
async function bodyRoutes(): Promise<{ method: string; path: string }[]> {
  const { catalogRoutes } = await import("@/lib/http/route-catalog");
  return catalogRoutes()
    .filter((route) => ["POST", "PUT", "PATCH"].includes(route.method))
    .map((route) => ({ method: route.method, path: `/api${route.path.replace(/\{[^}]+\}/g, SOME_ID)}` }));
}

describe("500s on crafted input: every route that takes a JSON body answers 400 naming the field", () => {
  test("the catalog has body routes to check", async () => {
    expect((await bodyRoutes()).length).toBeGreaterThan(30);
  });

  for (const crafted of CRAFTED_BODIES) {
    test(`${crafted.name} → 400 problem+json naming ${crafted.path}, on every POST, PUT and PATCH route`, async () => {
      const misses: { route: string; status: number; body: unknown }[] = [];
      for (const route of await bodyRoutes()) {
        const response = await send(route.method, route.path, { body: crafted.body });
        const named = response.body.errors?.some((error) => error.path === crafted.path && crafted.message.test(error.message));
        if (response.status !== 400 || response.contentType !== "application/problem+json" || !named) {
          misses.push({ route: `${route.method} ${route.path}`, status: response.status, body: response.body });
        }
      }
      expect(misses).toEqual([]);
    });
  }

  test("a lone surrogate in a load test's name is refused before it reaches the database (was a 500)", async () => {
    const body = String.raw`{"name":"spike \ud800","requestsPerSecond":100,"p95Seconds":0.2,"errorRatio":0,"durationSeconds":60}`;
    const response = await send("POST", "/api/v1/ops/load-tests", { body });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "body.name", message: expect.stringMatching(/lone UTF-16 surrogate/) }]);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: { startsWith: "load_test" } } })).toBe(0);
  });

  test("a NUL in a nested string and in a key are both named", async () => {
    const body = String.raw`{"name":"x","steps":[{"id":"a","type":"fail","config":{"message":"a\u0000"}}],"k\u0000":1}`;
    const response = await send("POST", "/api/v1/workflows", { body });

    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.path)).toEqual(["body.steps.0.config.message", String.raw`body."k\u0000"`]);
  });

  test("JSON nested 10,000 deep as a workflow execution's input is refused (was a stack overflow)", async () => {
    const created = await send("POST", "/api/v1/workflows", {
      body: JSON.stringify({ name: "Deep input", steps: [{ id: "shape", type: "transform", config: { expression: { ok: true } } }] }),
    });
    expect(created.status).toBe(201);
    const id = (created.body as unknown as { id: string }).id;

    const response = await send("POST", `/api/v1/workflows/${id}/executions`, { body: DEEP_JSON });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "body", message: "JSON nests deeper than 64 levels" }]);
  });

  test("64 levels, surrogate pairs and ordinary escapes still pass", async () => {
    const input = JSON.parse(`${"[".repeat(63)}"deep"${"]".repeat(63)}`) as unknown;
    const load = { name: 'spike 😀 "quoted" \\ tab\t', requestsPerSecond: 100, p95Seconds: 0.2, errorRatio: 0, durationSeconds: 60 };
    // JSON.stringify writes 😀 as a raw pair; send it escaped too.
    const escaped = JSON.stringify(load).replace("😀", String.raw`\ud83d\ude00`);
    expect((await send("POST", "/api/v1/ops/load-tests", { body: escaped })).status).toBe(201);

    const created = await send("POST", "/api/v1/workflows", {
      body: JSON.stringify({ name: "Nested input", steps: [{ id: "shape", type: "transform", config: { expression: { ok: true } } }] }),
    });
    const id = (created.body as unknown as { id: string }).id;
    const started = await send("POST", `/api/v1/workflows/${id}/executions`, { body: JSON.stringify({ input }) });
    expect(started.status).toBe(202);
  });

  test("a NUL in a query value is a 400 naming the parameter", async () => {
    const response = await send("GET", "/api/v1/templates?q=a%00b&limit=5");

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "query.q", message: expect.stringMatching(/NUL/) }]);
  });

  test("better-auth's JSON bodies are guarded too: a NUL in a sign-in email was a 500", async () => {
    const nul = await send("POST", "/api/auth/sign-in/email", { cookie: "", body: String.raw`{"email":"a\u0000@agency.test","password":"long-enough-password"}` });
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ path: "body.email", message: expect.stringMatching(/NUL/) }]);

    const deep = await send("POST", "/api/auth/sign-in/email", { cookie: "", body: `{"email":"sre@agency.test","password":${"[".repeat(10_000)}${"]".repeat(10_000)}}` });
    expect(deep.status).toBe(400);
    expect(deep.body.errors).toEqual([{ path: "body", message: "JSON nests deeper than 64 levels" }]);
  });

  test("a sign-in that passes the guard still reaches better-auth with its body, and is audited", async () => {
    const response = await send("POST", "/api/auth/sign-in/email", { cookie: "", body: JSON.stringify({ email: "sre@agency.test", password: DEMO_PASSWORD }) });

    expect(response.status).toBe(200);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "auth.sign_in", actorEmail: "sre@agency.test" } })).toBe(1);
  });

  test("malformed JSON is still a 400", async () => {
    const response = await send("POST", "/api/v1/ops/load-tests", { body: `{"name": "\u0000` });
    expect(response.status).toBe(400);
  });
});

/** Deterministic, so a failure replays: mulberry32. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PIECES = ["%", "%%", "%zz", "%E0%A4%A", "%ED%A0%80", "%C0%AF", "%00", "%FF", "%2", "%25", "%u00e9", "=", "\"", "\\", ",", "é", "ÿ", "\u0080", " "];

function fuzzValue(random: () => number): string {
  let value = "";
  const length = 1 + Math.floor(random() * 12);
  for (let index = 0; index < length; index++) {
    if (random() < 0.5) value += PIECES[Math.floor(random() * PIECES.length)];
    // Printable ASCII and Latin-1 (what a Cookie header can carry), never controls.
    else value += String.fromCharCode(random() < 0.8 ? 0x21 + Math.floor(random() * 94) : 0xa0 + Math.floor(random() * 96));
  }
  return value.trim() || "%";
}

function cookieMap(header: string): Map<string, string> {
  return new Map(header.split("; ").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
}

describe("500s on crafted input: fuzzed cookies never cause a 5xx", () => {
  const TARGETS = [
    { method: "GET", path: "/api/v1/me" },
    { method: "GET", path: "/api/v1/templates?limit=1" },
    { method: "PUT", path: "/api/v1/session/tenant", body: () => JSON.stringify({ tenantId: northwindId }) },
    { method: "GET", path: "/api/auth/get-session" },
  ];

  test("a tenant or last-write cookie that does not decode is ignored: still signed in, 200", async () => {
    for (const bad of ["%", "%zz", "%E0%A4%A", "%ED%A0%80"]) {
      const cookie = `${await api.cookieFor(ADMIN)}; ${TENANT_COOKIE}=${bad}; ${LAST_WRITE_COOKIE}=${bad}`;
      const response = await send("GET", "/api/v1/me", { cookie });
      expect(response.status, `${bad}: ${JSON.stringify(response.body)}`).toBe(200);
    }
  });

  test("random bytes and percent sequences in the session, tenant and last-write cookies answer below 500", async () => {
    const random = randomSource(20_260_101);
    const signedIn = cookieMap(await api.cookieFor(ADMIN));
    const names = [...signedIn.keys(), TENANT_COOKIE, LAST_WRITE_COOKIE];
    expect(names.filter((name) => name.includes("session_"))).toHaveLength(2);
    const failures: { cookie: string; target: string; status: number; body: unknown }[] = [];
    for (let round = 0; round < 200; round++) {
      const cookies = new Map(random() < 0.7 ? signedIn : []);
      cookies.set(TENANT_COOKIE, northwindId);
      // One to three cookies fuzzed, sometimes under a fuzzed name as well.
      for (let count = 1 + Math.floor(random() * 3); count > 0; count--) {
        const name = names[Math.floor(random() * names.length)]!;
        cookies.set(random() < 0.1 ? `${name}${fuzzValue(random)}` : name, fuzzValue(random));
      }
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
      const target = TARGETS[round % TARGETS.length]!;
      const response = await send(target.method, target.path, { cookie, body: target.body?.() });
      if (response.status >= 500) failures.push({ cookie, target: target.path, status: response.status, body: response.body });
    }
    expect(failures).toEqual([]);
  });
});

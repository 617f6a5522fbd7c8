import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("exports_api", { PORT: "3000" });
});

afterAll(async () => api?.close());

async function get(path: string, email?: string) {
  return api.app.request(path, { headers: email ? { cookie: await api.cookieFor(email), origin: TEST_ORIGIN } : {} });
}

describe("GET /api/v1/ops/sizing", () => {
  test("recommends the tier for the active users, against this process's settings", async () => {
    const response = await get("/api/v1/ops/sizing?activeUsers=1000", "sre@agency.test");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tier: string; current: { instances: number }; changes: Array<{ item: string; recommended: unknown }> };
    expect(body.tier).toBe("medium");
    expect(body.current.instances).toBe(1);
    expect(body.changes).toContainEqual(expect.objectContaining({ item: "app.instances", recommended: 3 }));
  });

  test("rejects a missing or negative activeUsers with 400", async () => {
    expect((await get("/api/v1/ops/sizing", "sre@agency.test")).status).toBe(400);
    expect((await get("/api/v1/ops/sizing?activeUsers=-1", "sre@agency.test")).status).toBe(400);
  });

  test("is for platform roles only: no session is 401, a tenant member or tenant admin 403", async () => {
    expect((await get("/api/v1/ops/sizing?activeUsers=10")).status).toBe(401);
    expect((await get("/api/v1/ops/sizing?activeUsers=10", "member@agency.test")).status).toBe(403);
    expect((await get("/api/v1/ops/sizing?activeUsers=10", "lead@copperleaf.test")).status).toBe(403);
  });
});

describe("GET /api/v1/ops/exports/nginx", () => {
  test("defaults to the local instances' shared port, taken from APP_URL's host and PORT", async () => {
    const response = await get("/api/v1/ops/exports/nginx", "manager@agency.test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const conf = await response.text();
    expect(conf).toContain("server localhost:3000 max_fails=3 fail_timeout=30s;");
    expect(conf).toContain("listen 80;");
  });

  test("lists the given upstreams and listen port", async () => {
    const conf = await (await get("/api/v1/ops/exports/nginx?upstreams=app1.internal:3000,10.0.0.2:3000&listenPort=8080", "sre@agency.test")).text();
    expect(conf).toContain("server app1.internal:3000 max_fails=3 fail_timeout=30s;\n        server 10.0.0.2:3000 max_fails=3 fail_timeout=30s;");
    expect(conf).toContain("listen 8080;");
  });

  test("refuses an upstream that could inject a directive, as problem+json", async () => {
    const response = await get(`/api/v1/ops/exports/nginx?upstreams=${encodeURIComponent("a:1;include /etc/passwd")}`, "sre@agency.test");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  test("is for platform roles only: no session is 401, a tenant member or tenant admin 403", async () => {
    expect((await get("/api/v1/ops/exports/nginx")).status).toBe(401);
    expect((await get("/api/v1/ops/exports/nginx", "member@agency.test")).status).toBe(403);
    expect((await get("/api/v1/ops/exports/nginx", "lead@copperleaf.test")).status).toBe(403);
  });
});

describe("GET /api/v1/ops/exports/postgresql", () => {
  test("returns the tier's postgresql.conf", async () => {
    const response = await get("/api/v1/ops/exports/postgresql?tier=large", "sre@agency.test");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("max_connections = 220\nshared_buffers = 1GB\n");
    expect((await get("/api/v1/ops/exports/postgresql?tier=huge", "sre@agency.test")).status).toBe(400);
  });
});

describe("GET /api/v1/ops/exports/kubernetes", () => {
  test("returns the Deployment, Service and HPA as YAML", async () => {
    const response = await get("/api/v1/ops/exports/kubernetes?tier=medium&image=registry.example.com/agency-toolkit:1.4.0", "admin@agency.test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    const yaml = await response.text();
    expect(yaml.split("\n---\n")).toHaveLength(3);
    expect(yaml).toContain("kind: HorizontalPodAutoscaler");
    expect(yaml).toContain('image: "registry.example.com/agency-toolkit:1.4.0"');
  });
});

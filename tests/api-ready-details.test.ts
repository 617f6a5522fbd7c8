import { afterAll, beforeAll, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";

const TOKEN = "ready-details-token-0123456789";
let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("ready_details", { METRICS_TOKEN: TOKEN });
});

afterAll(async () => api?.close());

async function ready(headers: Record<string, string> = {}) {
  const response = await api.app.request("/api/ready", { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test("/api/ready answers details only to operators (plain status to everyone else)", async () => {
  const anonymous = await ready();
  expect(anonymous.status).toBe(200);
  expect(anonymous.body).toEqual({ status: "ready" });

  const customer = await ready({ cookie: await api.cookieFor("lead@copperleaf.test") });
  expect(customer.body).toEqual({ status: "ready" });

  const operators: Record<string, string>[] = [{ authorization: `Bearer ${TOKEN}` }, { cookie: await api.cookieFor("viewer@agency.test") }];
  for (const headers of operators) {
    const detailed = await ready(headers);
    expect(detailed.status).toBe(200);
    expect(detailed.body).toMatchObject({ status: "ready", checks: expect.any(Object) });
  }
});

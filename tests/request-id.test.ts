import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { resetAuditLog } from "./support/audit-log";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/*
 * The request id the audit log and problem documents quote is the server's own: a client's
 * X-Request-Id must not choose it, or reuse one already in the log to muddy an investigation.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CLIENT_ID = "client-chosen-request-id-0001";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("request_id");
});
afterAll(async () => api?.close());
beforeEach(async () => resetAuditLog(api.scratch.prisma));

describe("the request id written to the audit log is the server's, not the client's", () => {
  test("a sign-in sent with X-Request-Id is audited under a fresh server id, the one the response names", async () => {
    const response = await api.app.request("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-request-id": CLIENT_ID },
      body: JSON.stringify({ email: "sre@agency.test", password: DEMO_PASSWORD }),
    });

    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(UUID);
    const entries = await api.scratch.prisma.auditEntry.findMany({ where: { action: "auth.sign_in" } });
    expect(entries.map((entry) => entry.requestId)).toEqual([requestId]);
  });

  test("a refused call sent with X-Request-Id is audited and answered under the server's id", async () => {
    const cookie = await api.cookieFor("member@agency.test");
    const response = await api.app.request("/api/v1/ops/audit", { headers: { cookie, origin: TEST_ORIGIN, "x-request-id": CLIENT_ID } });

    expect(response.status).toBe(403);
    const problem = (await response.json()) as { requestId: string };
    expect(problem.requestId).toMatch(UUID);
    expect(response.headers.get("x-request-id")).toBe(problem.requestId);
    const entries = await api.scratch.prisma.auditEntry.findMany({ where: { action: "authz.denied" } });
    expect(entries.map((entry) => entry.requestId)).toEqual([problem.requestId]);
  });

  test("two requests sending the same X-Request-Id get two different ids", async () => {
    const ids = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await api.app.request("/api/health", { headers: { "x-request-id": CLIENT_ID } });
      ids.push(response.headers.get("x-request-id"));
    }
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain(CLIENT_ID);
  });
});

import { Hono } from "hono";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { observeRequests } from "./observe";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function appSeeingRequestIds(seen: string[]) {
  const app = new Hono<ApiEnv>();
  app.use("*", observeRequests);
  app.get("/api/thing", (c) => {
    seen.push(c.get("requestId"));
    return c.json({ ok: true });
  });
  return app;
}

function capturedLogLines() {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    return true;
  });
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("the request id is the server's, not the client's", () => {
  test("a client's X-Request-Id is ignored: handler and response get a fresh UUID, the client's is logged as clientRequestId", async () => {
    const seen: string[] = [];
    const lines = capturedLogLines();

    const response = await appSeeingRequestIds(seen).request("/api/thing", { headers: { "x-request-id": "client-chosen-id-0001" } });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(UUID);
    expect(response.headers.get("x-request-id")).toBe(seen[0]);
    expect(lines).toEqual([expect.objectContaining({ msg: "request", requestId: seen[0], clientRequestId: "client-chosen-id-0001" })]);
  });

  test("a client id that does not look like one is not logged", async () => {
    const lines = capturedLogLines();

    await appSeeingRequestIds([]).request("/api/thing", { headers: { "x-request-id": "has spaces and {braces}" } });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty("clientRequestId");
  });

  test("without one, nothing is logged under clientRequestId", async () => {
    const lines = capturedLogLines();

    await appSeeingRequestIds([]).request("/api/thing");

    expect(lines[0]).not.toHaveProperty("clientRequestId");
  });
});

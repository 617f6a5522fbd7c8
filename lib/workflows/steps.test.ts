import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultEgressPolicy, EgressDeniedError } from "@/lib/egress";
import { isRetriable, runStep, StepFailure, type StepContext } from "./steps";

function context(overrides: Partial<StepContext> = {}): StepContext {
  return {
    signal: new AbortController().signal,
    attempt: 1,
    previous: null,
    input: null,
    progress: null,
    checkpointIntervalMs: 1_000,
    checkpoint: async () => {},
    egress: { policy: async () => defaultEgressPolicy() },
    ...overrides,
  };
}

describe("delay steps", () => {
  test("save their progress at every checkpoint interval while they wait", async () => {
    const saved: number[] = [];
    const output = await runStep({ id: "d", type: "delay", config: { ms: 100 } }, context({ checkpointIntervalMs: 30, checkpoint: async (p) => void saved.push((p as { elapsedMs: number }).elapsedMs) }));
    expect(output).toEqual({ waitedMs: 100, resumedAtMs: 0 });
    expect(saved).toHaveLength(3);
    expect(saved[0]).toBeGreaterThanOrEqual(30);
    expect([...saved].sort((a, b) => a - b)).toEqual(saved);
  });

  test("resumed with saved progress, wait only for the rest", async () => {
    const startedAt = performance.now();
    const output = await runStep({ id: "d", type: "delay", config: { ms: 10_000 } }, context({ progress: { elapsedMs: 9_950 } }));
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(output).toEqual({ waitedMs: 10_000, resumedAtMs: 9_950 });
  });

  test("stop when a checkpoint refuses (cancel), with the checkpoint's error", async () => {
    const refusal = new Error("cancelled");
    await expect(runStep({ id: "d", type: "delay", config: { ms: 10_000 } }, context({ checkpointIntervalMs: 10, checkpoint: async () => Promise.reject(refusal) }))).rejects.toBe(refusal);
  });

  test("stop as soon as their signal is aborted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("timeout")), 20);
    const startedAt = performance.now();
    await expect(runStep({ id: "d", type: "delay", config: { ms: 10_000 } }, context({ signal: controller.signal }))).rejects.toThrow();
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });
});

describe("fail steps", () => {
  test("fail their first `times` attempts, then pass", async () => {
    const step = { id: "f", type: "fail", config: { message: "boom", times: 2 } } as const;
    await expect(runStep(step, context({ attempt: 2 }))).rejects.toBeInstanceOf(StepFailure);
    await expect(runStep(step, context({ attempt: 3 }))).resolves.toEqual({ passedOnAttempt: 3 });
  });
});

describe("http steps", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/json") {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, got: body ? JSON.parse(body) : null, auth: req.headers["x-token"] ?? null })));
      } else if (req.url === "/big") res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(200_000));
      else res.writeHead(503).end("down");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());
  /** The test server named as the one private target the policy lets through. */
  const allowingServer = () => context({ egress: { policy: async () => defaultEgressPolicy({ allowedAddresses: [new URL(base).host] }) } });

  test("send the JSON body and headers and return status and parsed body", async () => {
    const output = await runStep({ id: "h", type: "http", config: { url: `${base}/json`, method: "POST", headers: { "x-token": "t1" }, body: { a: 1 }, timeoutMs: 5_000 } }, allowingServer());
    expect(output).toEqual({ status: 200, body: { method: "POST", got: { a: 1 }, auth: "t1" } });
  });

  test("a non-2xx answer fails the attempt", async () => {
    await expect(runStep({ id: "h", type: "http", config: { url: `${base}/down`, method: "GET", timeoutMs: 5_000 } }, allowingServer())).rejects.toThrow(`HTTP 503 from GET ${base}/down`);
  });

  test("keep at most 64 KiB of a response body", async () => {
    const output = (await runStep({ id: "h", type: "http", config: { url: `${base}/big`, method: "GET", timeoutMs: 5_000 } }, allowingServer())) as { body: string };
    expect(output.body).toHaveLength(64 * 1024);
  });

  test("a loopback target the policy does not name is refused, and retrying cannot help", async () => {
    const refusal = await runStep({ id: "h", type: "http", config: { url: `${base}/json`, method: "GET", timeoutMs: 5_000 } }, context()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EgressDeniedError);
    expect((refusal as EgressDeniedError).rule).toBe("port");
    expect(isRetriable(refusal)).toBe(false);
    expect(isRetriable(new StepFailure("HTTP 503"))).toBe(true);
  });
});

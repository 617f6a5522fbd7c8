import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { egressRequest } from "./client";
import { EgressConnectionError, EgressDeniedError } from "./errors";
import { defaultEgressPolicy } from "./policy";
import type { Resolver } from "./resolver";

// Real sockets on 127.0.0.1: one "allowed" server (named by address:port in the policy, the way
// a self-hosted operator names one internal target) and one that must stay unreachable.
let allowed: http.Server;
let forbidden: http.Server;
let allowedPort = 0;
let forbiddenPort = 0;
let forbiddenHits = 0;

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  forbidden = http.createServer((_req, res) => {
    forbiddenHits++;
    res.end("secret");
  });
  forbiddenPort = await listen(forbidden);
  allowed = http.createServer((req, res) => {
    if (req.url === "/ok") res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ host: req.headers.host, auth: req.headers.authorization ?? null }));
    else if (req.url === "/to-forbidden") res.writeHead(302, { location: `http://127.0.0.1:${forbiddenPort}/` }).end();
    else if (req.url === "/to-ok") res.writeHead(301, { location: "/ok" }).end();
    else if (req.url?.startsWith("/loop")) res.writeHead(302, { location: `/loop${Number(req.url.slice(5) || 0) + 1}` }).end();
    else if (req.url === "/big") res.writeHead(200).end(Buffer.alloc(1024 * 1024 + 1, 120));
    else if (req.url === "/exactly-1mb") res.writeHead(200).end(Buffer.alloc(1024 * 1024, 120));
    else if (req.url === "/slow") setTimeout(() => res.end("late"), 2_000);
    else res.writeHead(404).end();
  });
  allowedPort = await listen(allowed);
});

afterAll(async () => {
  await Promise.all([new Promise((r) => allowed.close(r)), new Promise((r) => forbidden.close(r))]);
});

const policy = () => defaultEgressPolicy({ allowedAddresses: [`127.0.0.1:${allowedPort}`] });
/** A public-looking name that a (test) DNS answers with loopback. */
const rebindingResolver: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
const publicNameFor = (address: string): Resolver => async () => [{ address, family: 4 }];

async function ruleOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(() => null, (caught: unknown) => caught);
  if (error instanceof EgressDeniedError) return error.rule;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe("egressRequest", () => {
  test("refuses a local HTTP server on 127.0.0.1 without connecting", async () => {
    const before = forbiddenHits;
    expect(await ruleOf(egressRequest(`http://127.0.0.1:${forbiddenPort}/`, { timeoutMs: 2_000 }, defaultEgressPolicy({ allowedPorts: [forbiddenPort] })))).toBe("private_address");
    expect(forbiddenHits).toBe(before);
  });

  test("refuses a public-looking host name that resolves to 127.0.0.1 (DNS rebinding)", async () => {
    const before = forbiddenHits;
    const request = egressRequest(`http://api.public-looking.example:${forbiddenPort}/`, { timeoutMs: 2_000, resolver: rebindingResolver }, defaultEgressPolicy({ allowedPorts: [80, 443, forbiddenPort] }));
    expect(await ruleOf(request)).toBe("private_address");
    expect(forbiddenHits).toBe(before);
  });

  test("reaches an allowed target, pinned to the checked address, with the name as Host", async () => {
    const response = await egressRequest(`http://svc.internal.example:${allowedPort}/ok`, { timeoutMs: 2_000, resolver: publicNameFor("127.0.0.1"), headers: { authorization: "Bearer t" } }, policy());
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ host: `svc.internal.example:${allowedPort}`, auth: "Bearer t" });
  });

  test("refuses a redirect from the allowed server to another loopback port", async () => {
    const before = forbiddenHits;
    expect(await ruleOf(egressRequest(`http://127.0.0.1:${allowedPort}/to-forbidden`, { timeoutMs: 2_000 }, policy()))).toBe("port");
    const allowingThePort = defaultEgressPolicy({ allowedAddresses: [`127.0.0.1:${allowedPort}`], allowedPorts: [80, 443, forbiddenPort] });
    expect(await ruleOf(egressRequest(`http://127.0.0.1:${allowedPort}/to-forbidden`, { timeoutMs: 2_000 }, allowingThePort))).toBe("private_address");
    expect(forbiddenHits).toBe(before);
  });

  test("follows an allowed redirect and reports the hops", async () => {
    const response = await egressRequest(`http://127.0.0.1:${allowedPort}/to-ok`, { timeoutMs: 2_000 }, policy());
    expect(response.status).toBe(200);
    expect(response.redirects).toBe(1);
    expect(response.url).toBe(`http://127.0.0.1:${allowedPort}/ok`);
  });

  test("follows at most 5 redirects", async () => {
    expect(await ruleOf(egressRequest(`http://127.0.0.1:${allowedPort}/loop`, { timeoutMs: 2_000 }, policy()))).toBe("too_many_redirects");
  });

  test("reads a body of exactly 1 MB and refuses one byte more", async () => {
    const response = await egressRequest(`http://127.0.0.1:${allowedPort}/exactly-1mb`, { timeoutMs: 5_000 }, policy());
    expect(response.body.byteLength).toBe(1024 * 1024);
    expect(await ruleOf(egressRequest(`http://127.0.0.1:${allowedPort}/big`, { timeoutMs: 5_000 }, policy()))).toBe("response_too_large");
  });

  test("gives up within the deadline", async () => {
    const startedAt = performance.now();
    await expect(egressRequest(`http://127.0.0.1:${allowedPort}/slow`, { timeoutMs: 200 }, policy())).rejects.toBeInstanceOf(EgressConnectionError);
    expect(performance.now() - startedAt).toBeLessThan(1_500);
  });

  test("a closed port and a host that does not resolve fail with the same message", async () => {
    const server = http.createServer();
    const closed = await listen(server);
    await new Promise((r) => server.close(r));
    const probe = (port: number, resolver?: Resolver) =>
      egressRequest(`http://target.example:${port}/`, { timeoutMs: 2_000, resolver: resolver ?? publicNameFor("127.0.0.1") }, defaultEgressPolicy({ allowedAddresses: [`127.0.0.1:${port}`] })).catch((error: unknown) => error);
    const refused = await probe(closed);
    const unresolved = await probe(closed, async () => Promise.reject(new Error("ENOTFOUND")));
    expect(refused).toBeInstanceOf(EgressConnectionError);
    expect(unresolved).toBeInstanceOf(EgressConnectionError);
    expect((refused as Error).message).toBe((unresolved as Error).message);
  });
});

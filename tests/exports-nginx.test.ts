import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderNginxConf } from "@/lib/sizing/nginx-conf";
import { findFreePort } from "@/scripts/embedded-cluster";

// Two stand-in app instances: minimal node:http servers that answer every request with their own
// id and record what nginx forwarded. Real app servers (startAppServer) would rebuild the app
// whenever lib/ changed and bring up a database each, which this test of the balancer needs not.
type Upstream = { id: string; server: http.Server; address: string; seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> };

let upstreams: Upstream[] = [];
let prefix: string;
let listenPort: number;
let nginx: ChildProcess | undefined;

async function startUpstream(id: string): Promise<Upstream> {
  const port = await findFreePort();
  const seen: Upstream["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "ok", instance: id }));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { id, server, address: `127.0.0.1:${port}`, seen };
}

/** -p keeps relative paths (access logs) in the prefix; -e and -g keep pid and error log there too. */
function nginxArgs(globals = ""): string[] {
  // nginx keeps only the last -g, so every global directive goes into one.
  return ["-c", join(prefix, "nginx.conf"), "-p", `${prefix}/`, "-e", join(prefix, "error.log"), "-g", `pid ${join(prefix, "nginx.pid")}; ${globals}`];
}

async function waitUntilServing(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx?.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(join(prefix, "error.log"), "utf8")}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer`);
}

beforeAll(async () => {
  upstreams = [await startUpstream("a"), await startUpstream("b")];
  listenPort = await findFreePort();
  prefix = mkdtempSync(join(tmpdir(), "exports-nginx-"));
  mkdirSync(join(prefix, "logs"));
  writeFileSync(join(prefix, "nginx.conf"), renderNginxConf({ upstreams: upstreams.map((upstream) => upstream.address), listenPort }));
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once("exit", resolve));
    nginx.kill("SIGQUIT"); // graceful shutdown, what `nginx -s quit` sends
    await exited;
  }
  await Promise.all(upstreams.map((upstream) => new Promise((resolve) => upstream.server.close(resolve))));
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

describe("GET /api/v1/ops/exports/nginx: the generated nginx.conf", () => {
  test("passes nginx -t", () => {
    const result = spawnSync("nginx", ["-t", ...nginxArgs()], { encoding: "utf8" });
    expect(result.stderr).toContain("test is successful");
    expect(result.status).toBe(0);
  });

  test("a real nginx with it spreads /health over both running instances as /api/health", async () => {
    nginx = spawn("nginx", nginxArgs("daemon off;"), { stdio: ["ignore", "ignore", "pipe"] });
    const base = `http://127.0.0.1:${listenPort}`;
    await waitUntilServing(`${base}/health`);
    for (const upstream of upstreams) upstream.seen.length = 0;

    const answeredBy: string[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${base}/health`);
      expect(response.status).toBe(200);
      answeredBy.push(((await response.json()) as { instance: string }).instance);
    }

    const [a, b] = upstreams;
    expect(a!.seen.length).toBeGreaterThan(0);
    expect(b!.seen.length).toBeGreaterThan(0);
    expect(a!.seen.length + b!.seen.length).toBe(40);
    expect(answeredBy.filter((id) => id === "a")).toHaveLength(a!.seen.length);
    expect(new Set([...a!.seen, ...b!.seen].map((request) => request.path))).toEqual(new Set(["/api/health"]));
    expect(a!.seen[0]!.headers).toMatchObject({ "x-real-ip": "127.0.0.1", "x-forwarded-for": "127.0.0.1", "x-forwarded-proto": "http", host: `127.0.0.1` });
  });

  test("passes other paths through unchanged and stamps Next's static assets cacheable for a year", async () => {
    const base = `http://127.0.0.1:${listenPort}`;
    await fetch(`${base}/api/v1/templates?page=2`);
    const asset = await fetch(`${base}/_next/static/chunks/app.js`);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const paths = upstreams.flatMap((upstream) => upstream.seen.map((request) => request.path));
    expect(paths).toEqual(expect.arrayContaining(["/api/v1/templates?page=2", "/_next/static/chunks/app.js"]));
  });
});

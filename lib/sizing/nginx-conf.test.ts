import { describe, expect, test } from "vitest";
import { renderNginxConf } from "./nginx-conf";

const conf = renderNginxConf({ upstreams: ["app1.internal:3000", "10.0.0.7:3001"], listenPort: 8080, serverName: "agency-toolkit.com" });

/** The directives inside `<head> { … }`, trimmed, without blank lines or comments. */
function blockBody(head: string): string[] {
  const lines = conf.split("\n").map((line) => line.trim());
  const start = lines.indexOf(`${head} {`);
  expect(start, `no block ${head}`).toBeGreaterThanOrEqual(0);
  const body: string[] = [];
  for (let depth = 1, i = start + 1; depth > 0; i++) {
    const line = lines[i]!;
    if (line.endsWith("{")) depth++;
    if (line === "}") depth--;
    if (depth > 0 && line !== "" && !line.startsWith("#")) body.push(line);
  }
  return body;
}

describe("renderNginxConf", () => {
  test("load-balances the given servers with least_conn, passive health checks and keepalive", () => {
    expect(blockBody("upstream agency_toolkit")).toEqual([
      "least_conn;",
      "server app1.internal:3000 max_fails=3 fail_timeout=30s;",
      "server 10.0.0.7:3001 max_fails=3 fail_timeout=30s;",
      "keepalive 32;",
    ]);
  });

  test("listens on the given port and name", () => {
    expect(conf).toContain("        listen 8080;\n        server_name agency-toolkit.com;\n");
    expect(renderNginxConf({ upstreams: ["a:1"], listenPort: 80 })).toContain("server_name _;");
  });

  test("proxies with the guide's headers, timeouts and buffers, over HTTP/1.1 so keepalive works", () => {
    expect(blockBody("location /")).toEqual(
      expect.arrayContaining([
        "proxy_pass http://agency_toolkit;",
        "proxy_set_header Host $host;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_connect_timeout 5s;",
        "proxy_send_timeout 60s;",
        "proxy_read_timeout 60s;",
        "proxy_buffering on;",
        "proxy_buffer_size 4k;",
        "proxy_buffers 8 4k;",
        "proxy_http_version 1.1;",
        'proxy_set_header Connection "";',
      ]),
    );
  });

  test("caches Next's hashed assets for a year with one Cache-Control header, gzipped", () => {
    const body = blockBody("location /_next/static/");
    expect(body).toEqual(expect.arrayContaining(["proxy_pass http://agency_toolkit;", "proxy_hide_header Cache-Control;", "gzip on;", "gzip_comp_level 6;"]));
    expect(body.filter((line) => line.startsWith("add_header Cache-Control"))).toEqual(['add_header Cache-Control "public, max-age=31536000, immutable" always;']);
    expect(body.some((line) => line.startsWith("expires"))).toBe(false);
    expect(conf).not.toContain("location /static/");
  });

  test("maps exactly /health to the app's /api/health, unlogged", () => {
    expect(blockBody("location = /health")).toEqual(expect.arrayContaining(["proxy_pass http://agency_toolkit/api/health;", "access_log off;"]));
  });

  test("balances its braces and ends every directive with a semicolon", () => {
    const lines = conf.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
    expect(lines.filter((line) => line.endsWith("{")).length).toBe(lines.filter((line) => line === "}").length);
    expect(lines.every((line) => line.endsWith("{") || line === "}" || line.endsWith(";"))).toBe(true);
  });

  test("refuses an empty upstream", () => {
    expect(() => renderNginxConf({ upstreams: [], listenPort: 80 })).toThrow(/at least one server/);
  });
});

import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { AppError } from "@/lib/http/errors";
import { findUnstorableStrings, guardJsonInput, guardJsonInputForRawHandlers, MAX_JSON_DEPTH, scanJsonText } from "./json-guard";

const nested = (depth: number, inner = "1") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

describe("scanJsonText", () => {
  test.each([
    [MAX_JSON_DEPTH - 1, false],
    [MAX_JSON_DEPTH, false],
    [MAX_JSON_DEPTH + 1, true],
    [10_000, true],
  ])("nesting %i deep → too deep: %s", (depth, tooDeep) => {
    expect(scanJsonText(nested(depth)).tooDeep).toBe(tooDeep);
  });

  test("counts objects and arrays alike, and brackets inside strings not at all", () => {
    expect(scanJsonText('{"a":[{"b":"[[[{{{"}]}').depth).toBe(3);
    expect(scanJsonText(String.raw`{"a":"\"[[[\\"}`).depth).toBe(1);
  });

  test("stops early on a body that is deep from the start", () => {
    expect(scanJsonText(nested(1_000_000)).depth).toBe(MAX_JSON_DEPTH + 1);
  });

  test.each([
    [String.raw`{"name":"\u0000"}`, true],
    [String.raw`{"name":"\ud800"}`, true],
    [String.raw`{"name":"\udc00"}`, true],
    [String.raw`{"name":"\ud800x"}`, true],
    [String.raw`{"name":"\ud800\u0041"}`, true],
    [String.raw`{"name":"\uD83D\uDE00"}`, false],
    [String.raw`{"name":"\ud83d\ude00 and \u00e9 and \\u0000"}`, false],
    ['{"name":"😀"}', false],
    ['{"name":"\ud800"}', true],
    [String.raw`{"\u0000":1}`, true],
    [String.raw`{"name":"\n\t\"\\\/"}`, false],
  ])("%s → unstorable string: %s", (text, expected) => {
    expect(scanJsonText(text).hasUnstorableString).toBe(expected);
  });
});

describe("findUnstorableStrings", () => {
  test("names every bad string and key by its path under body", () => {
    const value = { name: "ok", steps: [{ config: { message: "a\u0000" } }, "\ud800"], "k\u0000": 1 };
    expect(findUnstorableStrings(value)).toEqual([
      { path: "body.steps.0.config.message", message: "must not contain a NUL character (\\u0000)" },
      { path: "body.steps.1", message: "must not contain a lone UTF-16 surrogate (invalid Unicode)" },
      { path: String.raw`body."k\u0000"`, message: "key must not contain a NUL character (\\u0000)" },
    ]);
  });

  test("a surrogate pair is fine", () => expect(findUnstorableStrings({ smile: "😀" })).toEqual([]));
});

function guardedApp() {
  const app = new Hono<ApiEnv>();
  app.use("*", guardJsonInput);
  app.onError((error, c) => c.json({ status: error instanceof AppError ? error.status : 500, ...(error instanceof AppError ? error.extra : {}) }, 200));
  app.all("/thing", async (c) => c.json({ status: 200, body: c.req.method === "GET" ? null : await c.req.json() }));
  return app;
}

async function send(method: string, path: string, body?: string) {
  const response = await guardedApp().request(path, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body });
  return (await response.json()) as { status: number; errors?: { path: string }[]; body?: unknown };
}

describe("guardJsonInput", () => {
  test("a deep body is refused with 400 naming the body", async () => {
    expect(await send("POST", "/thing", `{"input":${nested(100)}}`)).toEqual({ status: 400, errors: [{ path: "body", message: "JSON nests deeper than 64 levels" }] });
  });

  test("a good body passes, and the route still reads it", async () => {
    expect(await send("PUT", "/thing", '{"name":"café 😀"}')).toEqual({ status: 200, body: { name: "café 😀" } });
  });

  test("a NUL in a query value or the path is refused; an encoded percent sign is not", async () => {
    expect(await send("GET", "/thing?q=a%00")).toMatchObject({ status: 400, errors: [{ path: "query.q" }] });
    expect(await send("GET", "/thing%00")).toMatchObject({ status: 400, errors: [{ path: "path" }] });
    expect(await send("GET", "/thing?q=100%2500")).toEqual({ status: 200, body: null });
  });

  test("a body that is not declared JSON is left to the content-type check", async () => {
    const response = await guardedApp().request("/thing", { method: "POST", headers: { "content-type": "text/plain" }, body: nested(100) });
    expect(((await response.json()) as { status: number }).status).toBe(200);
  });
});

describe("guardJsonInputForRawHandlers", () => {
  test("a handler reading the raw request still gets the whole body after the guard read it", async () => {
    const app = new Hono<ApiEnv>();
    app.use("*", guardJsonInputForRawHandlers);
    app.post("/auth", async (c) => c.json({ raw: await c.req.raw.clone().json(), again: await c.req.raw.text() }));

    const response = await app.request("/auth", { method: "POST", headers: { "content-type": "application/json" }, body: '{"email":"a@b.c"}' });

    expect(await response.json()).toEqual({ raw: { email: "a@b.c" }, again: '{"email":"a@b.c"}' });
  });
});

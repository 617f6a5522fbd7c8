import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { dropUndecodableSessionData, withoutUndecodableSessionData } from "./cookie-guard";

const TOKEN = "agency.session_token=abc.def%3D";
const DATA = "agency.session_data=eyJzZXNzaW9uIjp7fX0";

describe("withoutUndecodableSessionData", () => {
  test.each([
    [null],
    [""],
    ["agency_tenant=%zz"],
    [`${TOKEN}; ${DATA}`],
    [`${TOKEN}; agency.session_data="eyJ9"`],
    [`${TOKEN}; agency.session_data=eyJ9%3D%3D`],
  ])("leaves %s alone", (header) => {
    expect(withoutUndecodableSessionData(header)).toBeNull();
  });

  test.each([
    [`${TOKEN}; agency.session_data=%zz[J; agency_tenant=t`, `${TOKEN}; agency_tenant=t`],
    [`${TOKEN}; agency.session_data=ab.cd`, TOKEN],
    [`${TOKEN}; agency.session_data=%2B`, TOKEN],
    [`${TOKEN}; __Secure-agency.session_data=a/b`, TOKEN],
    [`${TOKEN}; agency.session_data.0=eyJ9; agency.session_data.1=é`, `${TOKEN}; agency.session_data.0=eyJ9`],
    ["agency.session_data=!", ""],
  ])("drops the undecodable session data from %s", (header, expected) => {
    expect(withoutUndecodableSessionData(header)).toBe(expected);
  });
});

describe("dropUndecodableSessionData", () => {
  function appEchoingCookie() {
    const app = new Hono<ApiEnv>();
    app.use("*", dropUndecodableSessionData);
    app.post("/echo", async (c) => c.json({ cookie: c.req.header("cookie") ?? null, raw: c.req.raw.headers.get("cookie"), body: await c.req.text() }));
    return app;
  }

  test("later readers, the raw request included, see the vetted header, and the body survives", async () => {
    const response = await appEchoingCookie().request("/echo", { method: "POST", headers: { cookie: `${TOKEN}; agency.session_data=%zz` }, body: "hello" });
    expect(await response.json()).toEqual({ cookie: TOKEN, raw: TOKEN, body: "hello" });
  });

  test("a header with nothing else left goes altogether", async () => {
    const response = await appEchoingCookie().request("/echo", { method: "POST", headers: { cookie: "agency.session_data=%zz" }, body: "" });
    expect(await response.json()).toMatchObject({ cookie: null, raw: null });
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

type Template = { id: string; name: string };
type TemplatePage = { items: Template[]; nextCursor: string | null };

let api: InProcessApp;
let northwindId: string;
let bluefinId: string;

beforeAll(async () => {
  api = await startInProcessApp("http_cached_bytes");
  const tenantId = async (slug: string) => (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug } })).id;
  northwindId = await tenantId("northwind");
  bluefinId = await tenantId("bluefin");
});

afterAll(async () => api?.close());

const MEMBER = "member@agency.test"; // northwind
const DESIGNER = "designer@bluefin.test"; // bluefin
const ADMIN = "admin@agency.test";

/** A raw request as `email` in `tenantId`: the status, headers and the exact body bytes. */
async function get(email: string, tenantId: string, path: string, headers: Record<string, string> = {}) {
  const cookie = `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${tenantId}`;
  const response = await api.app.request(path, { headers: { cookie, ...headers } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const LISTING = "/api/v1/templates?category=landing-pages&limit=20";

describe("cached listings are served as stored bytes with an ETag", () => {
  test("a hit answers the very bytes of the miss that filled the entry, as JSON.stringify renders them, with one ETag", async () => {
    const miss = await get(MEMBER, northwindId, LISTING);
    const hit = await get(MEMBER, northwindId, LISTING);

    expect(miss.status).toBe(200);
    expect(hit.status).toBe(200);
    expect(hit.bytes.equals(miss.bytes)).toBe(true);
    expect(hit.bytes.toString("utf8")).toBe(JSON.stringify(JSON.parse(miss.bytes.toString("utf8"))));
    expect(hit.headers.get("content-type")).toMatch(/^application\/json/);
    expect(hit.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(hit.headers.get("etag")).toBe(miss.headers.get("etag"));
    // Authenticated JSON is never stored by a browser or proxy; the ETag is for clients that keep it themselves.
    expect(hit.headers.get("cache-control")).toBe("no-store");
  });

  test("If-None-Match with the current tag (strong, weak, in a list, or *) answers 304 without a body, keeping ETag and no-store", async () => {
    const { headers } = await get(MEMBER, northwindId, LISTING);
    const etag = headers.get("etag")!;

    for (const ifNoneMatch of [etag, `W/${etag}`, `"something-else", ${etag}`, "*"]) {
      const revalidated = await get(MEMBER, northwindId, LISTING, { "if-none-match": ifNoneMatch });
      expect(revalidated.status, ifNoneMatch).toBe(304);
      expect(revalidated.bytes.length).toBe(0);
      expect(revalidated.headers.get("etag")).toBe(etag);
      expect(revalidated.headers.get("cache-control")).toBe("no-store");
      expect(revalidated.headers.get("x-request-id")).toBeTruthy();
    }
    const other = await get(MEMBER, northwindId, LISTING, { "if-none-match": '"not-this-one"' });
    expect(other.status).toBe(200);
    expect(other.bytes.length).toBeGreaterThan(0);
  });

  test("after a rename (an invalidation) the old tag gets 200 with the new name and a new ETag", async () => {
    const before = await get(MEMBER, northwindId, LISTING);
    const oldTag = before.headers.get("etag")!;
    const first = (JSON.parse(before.bytes.toString("utf8")) as TemplatePage).items[0]!;

    const renamed = await api.app.request(`/api/v1/templates/${first.id}`, {
      method: "PATCH",
      headers: { cookie: `${await api.cookieFor(ADMIN)}; ${TENANT_COOKIE}=${northwindId}`, origin: TEST_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ name: `${first.name} (renamed)` }),
    });
    expect(renamed.status).toBe(200);

    const after = await get(MEMBER, northwindId, LISTING, { "if-none-match": oldTag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(oldTag);
    expect((JSON.parse(after.bytes.toString("utf8")) as TemplatePage).items.find((item) => item.id === first.id)?.name).toBe(`${first.name} (renamed)`);
    // The new tag revalidates in turn.
    expect((await get(MEMBER, northwindId, LISTING, { "if-none-match": after.headers.get("etag")! })).status).toBe(304);
  });

  test("one tenant's ETag never validates another tenant's answer, even when the bytes are the same", async () => {
    const northwind = await get(MEMBER, northwindId, LISTING);
    const bluefin = await get(DESIGNER, bluefinId, LISTING, { "if-none-match": northwind.headers.get("etag")! });
    expect(bluefin.status).toBe(200);
    expect(bluefin.bytes.equals(northwind.bytes)).toBe(false);
    expect(bluefin.headers.get("etag")).not.toBe(northwind.headers.get("etag"));

    // A search that finds nothing: byte-identical empty pages in both tenants, still two tags.
    const empty = "/api/v1/templates?q=no-template-is-called-this&limit=5";
    const northwindEmpty = await get(MEMBER, northwindId, empty);
    const bluefinEmpty = await get(DESIGNER, bluefinId, empty, { "if-none-match": northwindEmpty.headers.get("etag")! });
    expect(bluefinEmpty.status).toBe(200);
    expect(bluefinEmpty.bytes.equals(northwindEmpty.bytes)).toBe(true);
    expect(bluefinEmpty.headers.get("etag")).not.toBe(northwindEmpty.headers.get("etag"));
  });

  test("a single template is served the same way", async () => {
    const page = JSON.parse((await get(MEMBER, northwindId, LISTING)).bytes.toString("utf8")) as TemplatePage;
    const path = `/api/v1/templates/${page.items[1]!.id}`;
    const first = await get(MEMBER, northwindId, path);
    expect(first.status).toBe(200);
    expect((await get(MEMBER, northwindId, path, { "if-none-match": first.headers.get("etag")! })).status).toBe(304);
  });
});

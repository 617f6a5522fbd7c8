import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

type Step = { key: string; willActivate: boolean };
type InstallResult = { item: { id: string; installCount: number; moduleKey: string }; isNewInstall: boolean; activation: { order: Step[] } };
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

let api: InProcessApp;
let copperleafId: string;

beforeAll(async () => {
  api = await startInProcessApp("marketplace_install");
  copperleafId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "copperleaf" } })).id;
});

afterAll(async () => {
  const { moduleRuntime } = await import("@/lib/modules");
  await moduleRuntime().runner.whenIdle();
  await api?.close();
});

const MEMBER = "member@agency.test"; // a member of Copperleaf
const ADMIN = "lead@copperleaf.test"; // Copperleaf's admin

async function call<T = unknown>(email: string, method: string, path: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${copperleafId}`, origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** An item of the given price whose module would start at least one dependency with it, in Copperleaf. */
async function itemNeedingDependencies(paid: boolean, except: string[] = []) {
  const items = await api.scratch.prisma.marketplaceItem.findMany({
    where: { priceCents: paid ? { gt: 0 } : 0, moduleKey: { not: null, notIn: except } },
    orderBy: { slug: "asc" },
    select: { id: true, name: true, priceCents: true, installCount: true, moduleKey: true },
  });
  for (const item of items) {
    const plan = await call<{ order: Step[] }>(ADMIN, "GET", `/api/v1/modules/${item.moduleKey}/resolution`);
    const starting = plan.status === 200 ? plan.body.order.filter((step) => step.willActivate) : [];
    if (starting.length >= 2) return { ...item, moduleKey: item.moduleKey!, starting: starting.map((step) => step.key) };
  }
  throw new Error("no item needs a dependency the tenant lacks");
}

async function waitUntilActive(keys: string[]): Promise<Map<string, string>> {
  for (let poll = 0; poll < 200; poll++) {
    const response = await call<{ items: { key: string; status: string }[] }>(ADMIN, "GET", "/api/v1/tenant-modules?limit=200");
    const statuses = new Map(response.body.items.map((row) => [row.key, row.status]));
    if (keys.every((key) => statuses.get(key) && statuses.get(key) !== "pending")) return statuses;
    await sleep(50);
  }
  throw new Error(`${keys.join(", ")} still pending`);
}

describe("POST /api/v1/marketplace/items/{id}/installs", () => {
  test("a member installs a free item at once: its module starts with its dependencies, counted and audited", async () => {
    const item = await itemNeedingDependencies(false);

    const installed = await call<InstallResult>(MEMBER, "POST", `/api/v1/marketplace/items/${item.id}/installs`, {});

    expect(installed.status).toBe(202);
    expect(installed.body.isNewInstall).toBe(true);
    expect(installed.body.activation.order.filter((step) => step.willActivate).map((step) => step.key).sort()).toEqual([...item.starting].sort());
    expect(installed.body.activation.order.at(-1)!.key).toBe(item.moduleKey);
    const statuses = await waitUntilActive(item.starting);
    for (const key of item.starting) expect(statuses.get(key), key).toBe("active");
    expect((await api.scratch.prisma.marketplaceItem.findUniqueOrThrow({ where: { id: item.id } })).installCount).toBe(item.installCount + 1);
    const audit = await api.scratch.prisma.auditEntry.findMany({ where: { action: "marketplace.install", target: `marketplace_item:${item.id}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ tenantId: copperleafId, actorEmail: MEMBER });
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "module.activate", tenantId: copperleafId, actorEmail: MEMBER } })).toBe(1);

    const again = await call<InstallResult>(MEMBER, "POST", `/api/v1/marketplace/items/${item.id}/installs`, {});
    expect(again.status).toBe(202);
    expect(again.body.isNewInstall).toBe(false);
    expect((await api.scratch.prisma.marketplaceItem.findUniqueOrThrow({ where: { id: item.id } })).installCount).toBe(item.installCount + 1);
  });

  test("a paid item is refused to a member with a clear 403, and nothing starts", async () => {
    const item = await itemNeedingDependencies(true);

    const refused = await call<Problem>(MEMBER, "POST", `/api/v1/marketplace/items/${item.id}/installs`, { acceptedPriceCents: item.priceCents });

    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("only an agency admin can install paid items");
    expect(refused.body.detail).toContain("/month");
    const rows = await api.scratch.prisma.tenantModule.count({ where: { tenantId: copperleafId, module: { key: item.moduleKey } } });
    expect(rows).toBe(0);
  });

  test("an admin installs a paid item only by confirming its current price", async () => {
    const item = await itemNeedingDependencies(true);

    const unconfirmed = await call<Problem>(ADMIN, "POST", `/api/v1/marketplace/items/${item.id}/installs`, {});
    const stale = await call<Problem>(ADMIN, "POST", `/api/v1/marketplace/items/${item.id}/installs`, { acceptedPriceCents: item.priceCents - 1 });
    const installed = await call<InstallResult>(ADMIN, "POST", `/api/v1/marketplace/items/${item.id}/installs`, { acceptedPriceCents: item.priceCents });

    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.errors).toContainEqual(expect.objectContaining({ path: "json.acceptedPriceCents" }));
    expect(stale.status).toBe(409);
    expect(installed.status).toBe(202);
    const statuses = await waitUntilActive(item.starting);
    for (const key of item.starting) expect(statuses.get(key), key).toBe("active");
  });

  test("an unknown item is a 404, a malformed id a 400", async () => {
    const unknown = await call<Problem>(MEMBER, "POST", `/api/v1/marketplace/items/${randomUUID()}/installs`, {});
    const malformed = await call<Problem>(MEMBER, "POST", "/api/v1/marketplace/items/not-an-id/installs", {});

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });

  test("the detail names the module Install activates", async () => {
    const item = await api.scratch.prisma.marketplaceItem.findFirstOrThrow({ where: { slug: "kpi-board" } });

    const detail = await call<{ moduleKey: string; description: string }>(MEMBER, "GET", `/api/v1/marketplace/items/${item.id}`);

    expect(detail.status).toBe(200);
    expect(detail.body.moduleKey).toBe("analytics-dashboard");
    expect(detail.body.description).not.toMatch(/one click/);
  });
});

import { spawn } from "node:child_process";
import { hashPassword } from "better-auth/crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { checkDemoPasswords, deleteDemoPasswordAccounts, findDemoPasswordAccounts } from "@/lib/auth/demo-passwords";
import { DEMO_USERS } from "@/prisma/seed/demo-data";
import { seedOnStart } from "@/prisma/seed/seed";
import { chooseStartSeed } from "@/prisma/seed/start-seed";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

let scratch: ScratchDatabase;
/** As the app role, like `npm start`'s seed and the app. */
let app: PrismaClient;

beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "production_checks", { asAppRole: true });
  app = new PrismaClient({ adapter: new PrismaPg({ connectionString: scratch.url, max: 2 }) });
});

afterAll(async () => {
  await app?.$disconnect();
  await scratch?.drop();
});

const DEMO_EMAILS = DEMO_USERS.map((user) => user.email).sort();

async function demoEmailsPresent(): Promise<string[]> {
  return (await app.user.findMany({ where: { email: { in: DEMO_EMAILS } }, select: { email: true }, orderBy: { email: "asc" } })).map((user) => user.email);
}

/** The real server entry, as a deployment starts it; resolves once it exits (the checks run before it listens). */
function startServerEntry(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn("node_modules/.bin/tsx", ["server.ts"], {
      env: { ...process.env, DATABASE_REPLICA_URLS: "", REDIS_URL: "", BETTER_AUTH_SECRET: "production-checks-secret-0123456789abcdef", METRICS_TOKEN: "production-checks-metrics", WORKFLOW_SECRETS_KEY: "ab".repeat(32), LOG_LEVEL: "error", PORT: "3314", DATABASE_URL: scratch.url, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`the server entry did not exit within 45 s: ${stderr}`));
    }, 45_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      done({ code, stderr, ms: performance.now() - started });
    });
  });
}

describe("npm start's seed", () => {
  test("on an external database without --demo adds no demo data, only the default scaling rules", async () => {
    const seed = chooseStartSeed({ externalDatabase: true, demoRequested: false });
    expect(seed).toMatchObject({ demo: false, reason: expect.stringContaining("--demo") });
    await seedOnStart(app, seed);
    expect(await app.user.count()).toBe(0);
    expect(await app.account.count()).toBe(0);
    expect(await app.tenant.count()).toBe(0);
    expect(await app.marketplaceItem.count()).toBe(0);
    expect(await app.module.count()).toBe(0);
    expect(await app.scalingRule.count()).toBeGreaterThan(0);
  });

  test("seeds the demo on the embedded database or with --demo, and a deleted demo account stays deleted on a restart without --demo", async () => {
    expect(chooseStartSeed({ externalDatabase: false, demoRequested: false }).demo).toBe(true);
    await seedOnStart(app, chooseStartSeed({ externalDatabase: true, demoRequested: true }));
    expect(await demoEmailsPresent()).toEqual(DEMO_EMAILS);
    await app.user.delete({ where: { email: "designer@bluefin.test" } });
    await seedOnStart(app, chooseStartSeed({ externalDatabase: true, demoRequested: false }));
    expect(await demoEmailsPresent()).toEqual(DEMO_EMAILS.filter((email) => email !== "designer@bluefin.test"));
  });
});

describe("the demo-password check", () => {
  const production = () => ({ NODE_ENV: "production" as const, DEMO_MODE: false, DATABASE_URL: scratch.url, DATABASE_REPLICA_URLS: [] });

  test("names every account with the demo password, a person's own password and DEMO_MODE aside", async () => {
    // The seed above left every demo account but one; give one a password of its own, and copy the seed's hash to another user.
    const seeded = await app.account.findFirstOrThrow({ where: { user: { email: "admin@agency.test" } }, select: { password: true } });
    await app.account.updateMany({ where: { user: { email: "member@agency.test" } }, data: { password: await hashPassword("a-password-of-her-own-1") } });
    await app.user.create({ data: { id: "copied-hash-user", email: "copy@example.test", name: "Copy", accounts: { create: { id: "copied-hash-account", accountId: "copied-hash-user", providerId: "credential", password: seeded.password } } } });

    const started = performance.now();
    const found = await findDemoPasswordAccounts(app);
    const checkMs = performance.now() - started;
    const expected = [...DEMO_EMAILS.filter((email) => email !== "designer@bluefin.test" && email !== "member@agency.test"), "copy@example.test"].sort();
    expect(found.map((account) => account.email)).toEqual(expected);
    // One seed run, one hash: the member's own password is verified once more, nothing else.
    expect(checkMs).toBeLessThan(2_000);

    const checkStarted = performance.now();
    const refusal = await checkDemoPasswords(production());
    console.info(`findDemoPasswordAccounts: ${Math.round(checkMs)} ms; the start-up check with its own connection: ${Math.round(performance.now() - checkStarted)} ms`);
    expect(refusal).toMatch(/^Refusing to start with NODE_ENV=production: these accounts still have the public demo password/);
    for (const email of expected) expect(refusal).toContain(`  - ${email}\n`);
    expect(refusal).not.toContain("member@agency.test");
    expect(refusal).toContain("npm run demo-accounts -- delete");
    expect(await checkDemoPasswords({ ...production(), DEMO_MODE: true })).toBeNull();
    expect(await checkDemoPasswords({ ...production(), NODE_ENV: "development" })).toBeNull();
  });

  test("the production server entry refuses to start with the message, and http APP_URL is refused unless ALLOW_INSECURE_COOKIES=true", async () => {
    // One at a time: three loading the app at once are slower on two busy cores than in a row.
    const demo = await startServerEntry({ NODE_ENV: "production", APP_URL: "https://agency.example", APP_CLUSTER: "false" });
    const http = await startServerEntry({ NODE_ENV: "production", APP_URL: "http://agency.example" });
    // Allowed: the next check (the demo accounts) is the one that refuses.
    const allowed = await startServerEntry({ NODE_ENV: "production", APP_URL: "http://agency.example", ALLOW_INSECURE_COOKIES: "true" });
    expect(demo.code, demo.stderr).toBe(1);
    expect(demo.stderr).toContain("Refusing to start with NODE_ENV=production");
    expect(demo.stderr).toContain("  - sre@agency.test");

    expect(http.code, http.stderr).toBe(1);
    expect(http.stderr).toContain("APP_URL: must be https:// so session cookies are Secure (it is http://agency.example)");

    expect(allowed.code, allowed.stderr).toBe(1);
    expect(allowed.stderr).not.toContain("APP_URL");
    expect(allowed.stderr).toContain("Refusing to start with NODE_ENV=production");
    console.info(`server entry refusals took ${[demo, http, allowed].map((run) => `${Math.round(run.ms)} ms`).join(", ")}`);
  }, 150_000);

  test("npm run demo-accounts -- delete removes them, audited, and the check then passes", async () => {
    const deleted = await deleteDemoPasswordAccounts(app, { email: "cli:test", requestId: "production-checks" });
    expect(deleted.length).toBeGreaterThan(0);
    expect(await findDemoPasswordAccounts(app)).toEqual([]);
    expect(await checkDemoPasswords(production())).toBeNull();
    const audited = await app.auditEntry.findMany({ where: { action: "user.delete", requestId: "production-checks" }, select: { target: true, actorEmail: true } });
    expect(audited.map((entry) => entry.target).sort()).toEqual(deleted.map((account) => `user:${account.id}`).sort());
    expect(await demoEmailsPresent()).toEqual(["member@agency.test"]);
  });
});

import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("account_cli");
}, 120_000);

afterAll(async () => api?.close());

/** `npm run account -- …` as an operator runs it, the password piped in. */
function account(args: string[], password: string) {
  const run = spawnSync("npx", ["tsx", "scripts/account.ts", ...args], { input: `${password}\n`, encoding: "utf8", env: { ...process.env, DATABASE_URL: api.scratch.url } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function signIn(email: string, password: string): Promise<number> {
  const response = await api.app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

describe("npm run account -- create", () => {
  test("creates an account that signs in with the password given on standard input, audited", async () => {
    const created = account(["create", "First.Operator@Example.test", "First Operator"], "a-long-enough-password");
    expect(created, created.stderr).toMatchObject({ code: 0 });
    expect(created.stdout).toContain("first.operator@example.test can sign in now");
    expect(created.stdout).toContain("npm run platform-role -- grant first.operator@example.test admin");
    expect(await signIn("first.operator@example.test", "a-long-enough-password")).toBe(200);
    expect(await signIn("first.operator@example.test", "another-long-password")).toBe(401);
    const entry = await api.scratch.prisma.auditEntry.findFirstOrThrow({ where: { action: "account.create" } });
    expect(entry).toMatchObject({ actorUserId: "cli", tenantId: null, after: { email: "first.operator@example.test", name: "First Operator" } });
    expect(JSON.stringify([entry.before, entry.after])).not.toContain("a-long-enough-password");
  }, 60_000);

  test("refuses a taken e-mail, a short password and a missing name, writing nothing", async () => {
    const users = await api.scratch.prisma.user.count();
    expect(account(["create", "member@agency.test", "Someone"], "a-long-enough-password")).toMatchObject({ code: 2, stderr: expect.stringContaining("exists already") });
    expect(account(["create", "new@example.test", "Someone"], "short")).toMatchObject({ code: 2, stderr: expect.stringContaining("at least 12 characters") });
    expect(account(["create", "new@example.test", "  "], "a-long-enough-password")).toMatchObject({ code: 2, stderr: expect.stringContaining("a name is required") });
    expect(account(["create", "not-an-address", "Someone"], "a-long-enough-password")).toMatchObject({ code: 2, stderr: expect.stringContaining("is not an e-mail address") });
    expect(account(["create"], "")).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: account create") });
    expect(await api.scratch.prisma.user.count()).toBe(users);
  }, 90_000);
});

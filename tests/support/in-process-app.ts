import type { OpenAPIHono } from "@hono/zod-openapi";
import { inject } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { seedDatabase } from "@/prisma/seed/seed";
import { createMigratedDatabase, type ScratchDatabase } from "./databases";

/** The origin the in-process app trusts (its APP_URL); send it with every cookie-carrying change. */
export const TEST_ORIGIN = "http://localhost:3000";

export type InProcessApp = {
  app: OpenAPIHono<ApiEnv>;
  scratch: ScratchDatabase;
  /** The session cookie header for a seeded demo user (signed in once, then reused). */
  cookieFor(email: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * The API app in this test process, on a fresh seeded database of its own: no replicas, no Redis
 * (embedded mode) unless `env` says otherwise. It connects as the app role, as under `npm start`
 * (`scratch.url`; `scratch.prisma` is the superuser, for fixtures). The env is read once per
 * process, so a test file starts at most one of these.
 */
export async function startInProcessApp(prefix: string, env: Record<string, string> = {}): Promise<InProcessApp> {
  const scratch = await createMigratedDatabase(inject("databaseUrl"), prefix, { asAppRole: true });
  await seedDatabase(scratch.prisma);
  delete process.env.REDIS_URL;
  delete process.env.DATABASE_REPLICA_URLS;
  delete process.env.AUDIT_HEAD_KEY; // no signed checkpoints unless the test asks for them
  Object.assign(process.env, { DATABASE_URL: scratch.url, BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef", APP_URL: TEST_ORIGIN, LOG_LEVEL: "silent", ...env });
  const { createApiApp } = await import("@/lib/http/app");
  const { db } = await import("@/lib/db/client");
  const app = createApiApp();
  const cookies = new Map<string, string>();
  return {
    app,
    scratch,
    async cookieFor(email) {
      const cached = cookies.get(email);
      if (cached) return cached;
      const response = await app.request("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`sign-in of ${email} failed with ${response.status}: ${await response.text()}`);
      const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
      cookies.set(email, cookie);
      return cookie;
    },
    async close() {
      await db().close();
      await scratch.drop();
    },
  };
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import type { ApiEnv } from "@/lib/http/context";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { seedDatabase } from "@/prisma/seed/seed";
import { deployMigrations } from "@/scripts/migrate";
import { TEST_ORIGIN } from "./in-process-app";

export type ClusterApp = {
  app: OpenAPIHono<ApiEnv>;
  /** Signs a seeded demo user in (through the API) and returns the cookie header to send. */
  signIn(email: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * The API app in this test process on servers the test runs itself (a primary and replicas it
 * may stop or kill), migrated and seeded as the superuser. Like startInProcessApp, the env is
 * read once per process: a test file starts at most one of these.
 */
export async function startAppOnServers(urls: { primary: string; replicas: string[] }, env: Record<string, string> = {}): Promise<ClusterApp> {
  await deployMigrations(urls.primary);
  const seeder = new PrismaClient({ adapter: new PrismaPg({ connectionString: urls.primary }) });
  try {
    await seedDatabase(seeder);
  } finally {
    await seeder.$disconnect();
  }
  delete process.env.REDIS_URL;
  delete process.env.AUDIT_HEAD_KEY;
  Object.assign(process.env, {
    DATABASE_URL: urls.primary,
    DATABASE_REPLICA_URLS: urls.replicas.join(","),
    BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    APP_URL: TEST_ORIGIN,
    LOG_LEVEL: "silent",
    ...env,
  });
  const { createApiApp } = await import("@/lib/http/app");
  const { db } = await import("@/lib/db/client");
  const app = createApiApp();
  return {
    app,
    async signIn(email) {
      const response = await app.request("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`sign-in of ${email} failed with ${response.status}: ${await response.text()}`);
      return response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
    },
    close: () => db().close(),
  };
}

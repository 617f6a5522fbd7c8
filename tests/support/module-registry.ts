import type { PrismaClient } from "@/generated/prisma/client";
import { singleServerAccess } from "@/lib/db/access";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { DEFAULT_MODULE_SETTINGS, type ModuleSettings } from "@/lib/modules/config";
import { createModuleRuntime, type ModuleRuntime } from "@/lib/modules";
import type { ActivationHook } from "@/lib/modules/runner";

/** `{ "crm-core": { "1.0.0": [] }, "crm-pipeline": { "1.0.0": ["crm-core@^1"] } }` */
export type RegistrySpec = Record<string, Record<string, string[]>>;

/** Publishes modules and versions into a test database (existing keys get the new versions). */
export async function publishModules(prisma: PrismaClient, spec: RegistrySpec): Promise<void> {
  for (const [key, versions] of Object.entries(spec)) {
    const module = await prisma.module.upsert({ where: { key }, create: { key, name: key }, update: {}, select: { id: true } });
    await prisma.moduleVersion.createMany({
      data: Object.entries(versions).map(([version, requires]) => ({ moduleId: module.id, version, requires })),
      skipDuplicates: true,
    });
  }
}

export type TestModuleRuntime = { runtime: ModuleRuntime; database: Database; close(): Promise<void> };

/** A module runtime of the test's own on `url` (no replicas), with settings and hook overrides. */
export function startModuleRuntime(url: string, overrides: Partial<ModuleSettings> = {}, hook?: ActivationHook): TestModuleRuntime {
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: url, DATABASE_REPLICA_URLS: [] });
  const runtime = createModuleRuntime({
    primary: database.primary,
    read: (query) => query(database.primary),
    settings: { ...DEFAULT_MODULE_SETTINGS, ...overrides },
    hook,
  });
  return {
    runtime,
    database,
    async close() {
      await runtime.runner.whenIdle();
      runtime.runner.stop();
      await database.close();
    },
  };
}

/** A write ctx for module services, as a signed-in admin of `tenantId`. */
export function adminCtx(database: Database, tenantId: string) {
  return {
    tenantId,
    requestId: `test-${tenantId.slice(0, 8)}`,
    viewer: { user: { id: "test-admin", email: "admin@test.example" } },
    db: singleServerAccess(database.primary),
  };
}

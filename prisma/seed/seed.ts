import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { seedScalingRules } from "@/lib/scaling";
import { seedTenantCatalog } from "./catalog";
import { seedMarketplace } from "./marketplace";
import { seedTemplateLibrary } from "./template-library";
import { DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS } from "./demo-data";
import type { StartSeed } from "./start-seed";
import { seedModuleRegistry, seedTenantModules } from "./modules";

function newId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * A demo database seeded before platform roles existed has operators with no platform role
 * (the migration deliberately grants none). While no one at all holds one, the demo operators
 * get theirs; after that, grants are people's decisions and a restart never changes them.
 */
async function grantDemoPlatformRolesOnce(prisma: PrismaClient): Promise<void> {
  if ((await prisma.platformRoleGrant.count()) > 0) return;
  const operators = DEMO_USERS.filter((user) => user.platformRole !== null);
  const users = await prisma.user.findMany({ where: { email: { in: operators.map((user) => user.email) } }, select: { id: true, email: true } });
  await prisma.platformRoleGrant.createMany({
    data: users.map((user) => ({ userId: user.id, role: operators.find((operator) => operator.email === user.email)!.platformRole! })),
    skipDuplicates: true,
  });
}

/**
 * The demo tenants, accounts (all with DEMO_PASSWORD), their content, the demo module registry
 * and marketplace, and the default scaling rules. Idempotent: a second run adds only what is
 * missing, a deleted demo account included, and changes nothing else. Later domains append their
 * own seed steps here.
 */
export async function seedDatabase(prisma: PrismaClient): Promise<{ tenants: number; users: number }> {
  const tenantIds = new Map<string, string>();
  for (const tenant of DEMO_TENANTS) {
    const row = await prisma.tenant.upsert({ where: { slug: tenant.slug }, create: tenant, update: {}, select: { id: true } });
    tenantIds.set(tenant.slug, row.id);
  }

  const existing = new Set((await prisma.user.findMany({ where: { email: { in: DEMO_USERS.map((user) => user.email) } }, select: { email: true } })).map((user) => user.email));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS.filter((candidate) => !existing.has(candidate.email))) {
    const userId = newId();
    await prisma.$transaction([
      prisma.user.create({ data: { id: userId, email: user.email, name: user.name, emailVerified: true } }),
      prisma.account.create({ data: { id: newId(), accountId: userId, providerId: "credential", userId, password: passwordHash } }),
      prisma.membership.createMany({
        data: Object.entries(user.memberships).map(([slug, role]) => ({ tenantId: tenantIds.get(slug)!, userId, role })),
      }),
      ...(user.platformRole ? [prisma.platformRoleGrant.create({ data: { userId, role: user.platformRole } })] : []),
    ]);
  }
  await grantDemoPlatformRolesOnce(prisma);
  await seedModuleRegistry(prisma);
  for (const [index, tenantId] of [...tenantIds.values()].entries()) {
    await seedTemplateLibrary(prisma, tenantId, index + 1);
    await seedTenantCatalog(prisma, tenantId, index + 1);
    await seedTenantModules(prisma, tenantId, index + 1);
  }
  await seedMarketplace(prisma);
  await seedScalingRules(prisma);
  return { tenants: DEMO_TENANTS.length, users: DEMO_USERS.length };
}

/** What `npm start` chose to seed (start-seed.ts). */
export async function seedOnStart(prisma: PrismaClient, seed: StartSeed): Promise<void> {
  if (seed.demo) await seedDatabase(prisma);
  else await seedScalingRules(prisma);
}

import type { PrismaClient } from "@/generated/prisma/client";
import { parseRequirement, resolveModules, type RegistryModule } from "@/lib/modules/rules";

type SeedModule = {
  key: string;
  name: string;
  description: string;
  category: string;
  /** version → what it requires (`key@range`). */
  versions: Record<string, string[]>;
  withdrawn?: string[];
};

/**
 * The demo module registry: real dependency chains (crm-core ← crm-pipeline ← crm-forecast),
 * diamonds (lead-scoring needs crm-core and analytics-core, both on platform-core), versions
 * whose requirements change between majors, one withdrawn version and one module that only
 * runs on the old platform (so a newcomer can see an incompatibility explained).
 */
export const MODULE_REGISTRY: SeedModule[] = [
  { key: "platform-core", name: "Platform core", description: "Tenancy, settings and the event bus every module builds on", category: "platform", versions: { "1.0.0": [], "1.4.0": [], "2.0.0": [], "2.2.1": [] } },
  { key: "identity-sso", name: "Single sign-on", description: "SAML and OIDC sign-in for client users", category: "platform", versions: { "1.0.0": ["platform-core@^1"], "1.2.0": ["platform-core@^2"] } },
  { key: "storage-gateway", name: "Storage gateway", description: "S3-compatible storage for uploads and exports", category: "platform", versions: { "1.0.0": ["platform-core@^2"] } },
  { key: "webhooks", name: "Webhooks", description: "Signed outbound webhooks with retries", category: "platform", versions: { "1.0.0": ["platform-core@^2"], "1.1.0": ["platform-core@^2"] } },
  { key: "legacy-exporter", name: "Legacy exporter", description: "CSV exports in the pre-2.0 layout", category: "platform", versions: { "0.9.0": ["platform-core@^1"] } },
  { key: "crm-core", name: "CRM core", description: "Contacts, companies and activity timeline", category: "crm", versions: { "1.0.0": ["platform-core@^1"], "2.0.0": ["platform-core@^2"], "2.3.0": ["platform-core@^2"] } },
  { key: "crm-sync", name: "CRM sync", description: "Two-way contact sync with the agency CRM", category: "crm", versions: { "1.1.0": ["crm-core@^1"], "2.0.0": ["crm-core@^2"] } },
  { key: "crm-pipeline", name: "Sales pipeline", description: "Deal stages, owners and win rates", category: "crm", versions: { "1.0.0": ["crm-core@^1"], "2.0.0": ["crm-core@^2"], "2.1.0": ["crm-core@^2.3"] } },
  { key: "crm-forecast", name: "Revenue forecast", description: "Weighted pipeline forecast per month and owner", category: "crm", versions: { "1.0.0": ["crm-pipeline@^1"], "1.5.0": ["crm-pipeline@^2", "analytics-core@^1"] } },
  { key: "lead-scoring", name: "Lead scoring", description: "Scores leads from engagement signals", category: "crm", versions: { "1.0.0": ["crm-core@^2", "analytics-core@^1"], "1.1.0": ["crm-core@^2", "analytics-core@^1.3"] } },
  { key: "chat-widget", name: "Chat widget", description: "Website chat that files conversations on the contact", category: "crm", versions: { "1.0.0": ["crm-core@^2", "identity-sso@^1"] } },
  { key: "zapier-bridge", name: "Zapier bridge", description: "Triggers and actions for Zapier", category: "crm", versions: { "1.0.0": ["webhooks@^1", "crm-core@^2"] } },
  { key: "analytics-core", name: "Analytics core", description: "Event collection and metric definitions", category: "analytics", versions: { "1.0.0": ["platform-core@^2"], "1.3.0": ["platform-core@^2"] } },
  { key: "data-warehouse", name: "Data warehouse", description: "Nightly export of events to a warehouse", category: "analytics", versions: { "1.0.0": ["platform-core@^2"], "1.2.0": ["platform-core@^2", "storage-gateway@^1"] } },
  { key: "analytics-dashboard", name: "Analytics dashboard", description: "Client-facing KPI dashboards", category: "analytics", versions: { "1.0.0": ["analytics-core@^1"], "2.0.0": ["analytics-core@^1.3", "data-warehouse@^1"] } },
  { key: "attribution", name: "Attribution", description: "Multi-touch attribution across channels", category: "analytics", versions: { "1.0.0": ["analytics-core@^1", "crm-core@^2"] } },
  { key: "ab-testing", name: "A/B testing", description: "Experiments on landing pages and emails", category: "analytics", versions: { "1.0.0": ["analytics-core@^1", "template-engine@^1"] } },
  { key: "template-engine", name: "Template engine", description: "Renders pages and emails from brand templates", category: "content", versions: { "1.0.0": ["platform-core@^2"], "1.2.0": ["platform-core@^2"] } },
  { key: "asset-library", name: "Asset library", description: "Brand assets with versioning", category: "content", versions: { "1.0.0": ["platform-core@^2"], "1.3.0": ["platform-core@^2", "storage-gateway@^1"] } },
  { key: "brand-kit", name: "Brand kit", description: "Logos, palettes and type scales per client", category: "content", versions: { "1.0.0": ["asset-library@^1"] } },
  { key: "email-core", name: "Email core", description: "Sending domains, suppression lists and bounces", category: "email", versions: { "1.0.0": ["platform-core@^2"], "1.1.0": ["platform-core@^2"] } },
  { key: "email-automation", name: "Email automation", description: "Triggered and scheduled email sequences", category: "email", versions: { "1.0.0": ["email-core@^1", "crm-core@^2"], "2.0.0": ["email-core@^1.1", "crm-core@^2", "template-engine@^1"] } },
  { key: "newsletter-builder", name: "Newsletter builder", description: "Drag-and-drop newsletters from brand blocks", category: "email", versions: { "1.0.0": ["email-automation@^2", "asset-library@^1"] } },
  { key: "social-core", name: "Social core", description: "Connected social accounts and tokens", category: "social", versions: { "1.0.0": ["platform-core@^2"] } },
  { key: "social-scheduler", name: "Social scheduler", description: "Queue and publish posts across networks", category: "social", versions: { "1.0.0": ["social-core@^1"], "1.4.0": ["social-core@^1", "asset-library@^1.3"] } },
  { key: "social-listening", name: "Social listening", description: "Brand mentions and sentiment", category: "social", versions: { "1.0.0": ["social-core@^1", "analytics-core@^1"] } },
  { key: "influencer-crm", name: "Influencer CRM", description: "Creators, rates and campaign deliverables", category: "social", versions: { "1.0.0": ["social-listening@^1", "crm-core@^2"] } },
  { key: "seo-core", name: "SEO core", description: "Keyword sets and search console connections", category: "seo", versions: { "1.0.0": ["platform-core@^2"] } },
  { key: "site-crawler", name: "Site crawler", description: "Crawls client sites on a schedule", category: "seo", versions: { "1.0.0": ["platform-core@^2"], "1.1.0": ["platform-core@^2"] } },
  { key: "seo-audit", name: "SEO audit", description: "Crawls client sites and scores technical SEO", category: "seo", versions: { "1.0.0": ["seo-core@^1"], "2.0.0": ["seo-core@^1", "site-crawler@^1"] } },
  { key: "rank-tracker", name: "Rank tracker", description: "Daily keyword positions per market", category: "seo", versions: { "1.0.0": ["seo-core@^1", "analytics-core@^1"] } },
  { key: "billing-core", name: "Billing core", description: "Rates, tax rules and currencies", category: "finance", versions: { "1.0.0": ["platform-core@^2"] } },
  { key: "invoice-billing", name: "Invoicing", description: "Retainer and project invoices", category: "finance", versions: { "1.0.0": ["billing-core@^1", "crm-core@>=1 <3"], "2.0.0": ["billing-core@^1", "crm-core@^2"] } },
  { key: "time-tracking", name: "Time tracking", description: "Timesheets per client and project", category: "finance", versions: { "1.0.0": ["platform-core@^2"], "1.2.0": ["platform-core@^2"] }, withdrawn: ["1.2.0"] },
  { key: "profitability-reports", name: "Profitability reports", description: "Margin per client from hours, invoices and KPIs", category: "finance", versions: { "1.0.0": ["time-tracking@^1", "invoice-billing@^2", "analytics-dashboard@^2"] } },
  { key: "client-portal", name: "Client portal", description: "Approvals and deliverables for clients", category: "delivery", versions: { "1.0.0": ["identity-sso@^1", "asset-library@^1"], "1.1.0": ["identity-sso@^1.2", "asset-library@^1"] } },
  { key: "approval-workflows", name: "Approval workflows", description: "Multi-step content sign-off", category: "delivery", versions: { "1.0.0": ["client-portal@^1"], "1.2.0": ["client-portal@^1.1", "asset-library@^1.3"] } },
  { key: "project-management", name: "Project management", description: "Projects, tasks and milestones", category: "delivery", versions: { "1.0.0": ["time-tracking@^1", "client-portal@^1"] } },
  { key: "resource-planner", name: "Resource planner", description: "Team capacity and bookings across projects", category: "delivery", versions: { "1.0.0": ["project-management@^1"] } },
];

/** What each demo tenant runs (resolved with the registry's own rules, dependencies included). */
const TENANT_MODULES: Record<number, string[]> = {
  1: ["crm-forecast", "analytics-dashboard", "social-scheduler"],
  2: ["email-automation", "lead-scoring"],
  3: ["client-portal", "brand-kit"],
};

function toRegistryModule(module: SeedModule): RegistryModule {
  return {
    key: module.key,
    versions: Object.entries(module.versions).map(([version, requires]) => ({ version, requires, isWithdrawn: module.withdrawn?.includes(version) ?? false })),
  };
}

/** The shared registry (idempotent: existing modules and versions are left as they are). */
export async function seedModuleRegistry(prisma: PrismaClient): Promise<void> {
  for (const module of MODULE_REGISTRY) {
    const registry = toRegistryModule(module);
    const latest = registry.versions.filter((version) => !version.isWithdrawn).at(-1)?.version ?? "1.0.0";
    const row = await prisma.module.upsert({
      where: { key: module.key },
      create: { key: module.key, name: module.name, description: module.description, category: module.category, version: latest },
      update: { category: module.category, version: latest },
      select: { id: true },
    });
    await prisma.moduleVersion.createMany({
      data: registry.versions.map((version) => ({ moduleId: row.id, version: version.version, requires: [...version.requires], withdrawn: version.isWithdrawn })),
      skipDuplicates: true,
    });
  }
}

/**
 * A demo tenant's running modules, already active (as if activated an hour ago), each with the
 * dependencies its resolved version needs. Only for a tenant without activations yet.
 */
export async function seedTenantModules(prisma: PrismaClient, tenantId: string, seed: number): Promise<void> {
  if ((await prisma.tenantModule.count({ where: { tenantId } })) > 0) return;
  const registry = new Map(MODULE_REGISTRY.map((module) => [module.key, toRegistryModule(module)]));
  const requested = (TENANT_MODULES[seed] ?? []).map((key) => parseRequirement(key)!);
  const resolution = resolveModules(requested, (key) => registry.get(key), { maxDepth: 10 });
  if (!resolution.ok) throw new Error(`demo modules of tenant ${seed} do not resolve: ${resolution.failure.message}`);
  const ids = new Map((await prisma.module.findMany({ select: { id: true, key: true } })).map((module) => [module.key, module.id]));
  const startedAt = Date.now() - 3_600_000;
  await prisma.tenantModule.createMany({
    data: resolution.order.map((module, index) => {
      const at = new Date(startedAt + index * 1_500);
      return {
        tenantId,
        moduleId: ids.get(module.key)!,
        status: "active" as const,
        version: module.version,
        dependsOn: module.requires.map((key) => ids.get(key)!),
        attempts: 1,
        activations: 1,
        activatedAt: new Date(startedAt),
        startedAt: at,
        finishedAt: new Date(at.getTime() + 400),
        checkedAt: new Date(at.getTime() + 400),
        updatedAt: new Date(at.getTime() + 400),
      };
    }),
  });
}

/** Demo catalog content: what an agency's template library, modules and workflows look like. */

export const TEMPLATE_CATEGORIES = [
  { slug: "landing-pages", name: "Landing pages", templates: ["SaaS launch", "Product waitlist", "Webinar sign-up", "App download", "Event countdown", "Agency portfolio", "Consulting offer", "Free trial"] },
  { slug: "email", name: "Email campaigns", templates: ["Welcome series", "Abandoned cart", "Monthly newsletter", "Re-engagement", "Product announcement", "Holiday promotion", "Onboarding tips"] },
  { slug: "social", name: "Social media", templates: ["Instagram carousel", "LinkedIn thought leadership", "Launch teaser", "Customer story", "Weekly tips thread", "Behind the scenes"] },
  { slug: "reports", name: "Client reports", templates: ["Monthly SEO report", "Paid media summary", "Quarterly business review", "Social analytics", "Conversion audit"] },
  { slug: "proposals", name: "Proposals", templates: ["Website redesign", "Retainer proposal", "Brand refresh", "Growth marketing plan"] },
];

export const MODULES = [
  { key: "crm-sync", name: "CRM sync", description: "Two-way contact sync with the agency CRM" },
  { key: "email-automation", name: "Email automation", description: "Triggered and scheduled email sequences" },
  { key: "seo-audit", name: "SEO audit", description: "Crawls client sites and scores technical SEO" },
  { key: "social-scheduler", name: "Social scheduler", description: "Queue and publish posts across networks" },
  { key: "analytics-dashboard", name: "Analytics dashboard", description: "Client-facing KPI dashboards" },
  { key: "invoice-billing", name: "Invoicing", description: "Retainer and project invoices" },
  { key: "time-tracking", name: "Time tracking", description: "Timesheets per client and project" },
  { key: "client-portal", name: "Client portal", description: "Approvals and deliverables for clients" },
  { key: "ab-testing", name: "A/B testing", description: "Experiments on landing pages and emails" },
  { key: "lead-scoring", name: "Lead scoring", description: "Scores leads from engagement signals" },
  { key: "asset-library", name: "Asset library", description: "Brand assets with versioning" },
  { key: "approval-workflows", name: "Approval workflows", description: "Multi-step content sign-off" },
];

export const WORKFLOWS = ["Publish weekly newsletter", "Sync CRM contacts", "Generate monthly client report", "Refresh SEO audit", "Send invoice reminders"];

/** Small deterministic generator so every seeded database looks the same. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

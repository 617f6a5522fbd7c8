import type { MarketplaceCategory } from "@/lib/marketplace/categories";

/**
 * What the marketplace sells: per category, the kinds of add-on, what they do and the registry
 * module (seed/modules.ts) Install activates. Item names combine a product with an edition;
 * vendors are fictional studios.
 */
type ProductSpec = { product: string; does: string; module: string };

export const MARKETPLACE_PRODUCTS: Record<MarketplaceCategory, ProductSpec[]> = {
  analytics: [
    { product: "KPI Board", does: "puts every client's KPIs on one live board", module: "analytics-dashboard" },
    { product: "Attribution Lens", does: "shows which channels earn each conversion", module: "attribution" },
    { product: "Report Scheduler", does: "sends branded PDF reports on a schedule", module: "data-warehouse" },
    { product: "Funnel Explorer", does: "finds where visitors drop out of a funnel", module: "analytics-core" },
    { product: "Cohort Tracker", does: "compares retention of sign-up cohorts", module: "analytics-core" },
    { product: "Goal Watch", does: "alerts you when a campaign goal drifts off target", module: "analytics-dashboard" },
    { product: "Data Blender", does: "joins ads, CRM and analytics data without spreadsheets", module: "data-warehouse" },
  ],
  automation: [
    { product: "Flow Builder", does: "chains triggers and actions across your tools", module: "webhooks" },
    { product: "Task Router", does: "assigns incoming requests to the right teammate", module: "project-management" },
    { product: "Approval Bot", does: "collects client sign-off in chat", module: "approval-workflows" },
    { product: "Invoice Runner", does: "creates and chases retainer invoices", module: "invoice-billing" },
    { product: "Sheet Sync", does: "keeps spreadsheets and the CRM in step", module: "crm-sync" },
    { product: "Webhook Relay", does: "forwards events from any app with retries", module: "webhooks" },
    { product: "Onboarding Autopilot", does: "runs new-client onboarding checklists", module: "client-portal" },
  ],
  content: [
    { product: "Copy Assistant", does: "drafts on-brand headlines and body copy", module: "template-engine" },
    { product: "Tone Checker", does: "flags copy that drifts from the brand voice", module: "brand-kit" },
    { product: "Content Calendar", does: "plans and tracks content across clients", module: "social-scheduler" },
    { product: "Brief Generator", does: "turns a call transcript into a creative brief", module: "template-engine" },
    { product: "Translation Desk", does: "localises campaigns with glossary support", module: "template-engine" },
    { product: "Readability Score", does: "grades copy for clarity and reading level", module: "template-engine" },
    { product: "Story Library", does: "stores approved case studies and quotes", module: "asset-library" },
  ],
  crm: [
    { product: "Pipeline Pulse", does: "forecasts deals from pipeline history", module: "crm-forecast" },
    { product: "Contact Enricher", does: "fills in company and role details for leads", module: "crm-core" },
    { product: "Deal Rooms", does: "shares proposals and tracks who read them", module: "crm-pipeline" },
    { product: "Lead Scorer", does: "ranks leads by fit and engagement", module: "lead-scoring" },
    { product: "Meeting Booker", does: "books discovery calls straight into calendars", module: "chat-widget" },
    { product: "Churn Radar", does: "spots retainers at risk before renewal", module: "crm-forecast" },
    { product: "Referral Tracker", does: "credits partners for the clients they send", module: "crm-pipeline" },
  ],
  design: [
    { product: "Icon Pack", does: "adds a consistent icon set to every template", module: "asset-library" },
    { product: "Mockup Studio", does: "places designs on devices and packaging", module: "asset-library" },
    { product: "Brand Kit", does: "keeps logos, colours and fonts per client", module: "brand-kit" },
    { product: "Photo Finder", does: "searches licensed stock photography", module: "asset-library" },
    { product: "Banner Resizer", does: "resizes one design into every ad format", module: "brand-kit" },
    { product: "Font Pairing", does: "suggests type pairings that fit the brand", module: "brand-kit" },
    { product: "Illustration Set", does: "provides editable spot illustrations", module: "asset-library" },
  ],
  email: [
    { product: "Inbox Preview", does: "renders emails across forty clients before sending", module: "email-core" },
    { product: "List Cleaner", does: "removes bounces and risky addresses", module: "email-core" },
    { product: "Send-time Optimiser", does: "sends each email when its reader is most likely to open", module: "email-automation" },
    { product: "Drip Designer", does: "builds nurture sequences visually", module: "email-automation" },
    { product: "Deliverability Monitor", does: "watches sender reputation and blocklists", module: "email-core" },
    { product: "Subject Line Tester", does: "predicts open rates of subject lines", module: "ab-testing" },
    { product: "Newsletter Kit", does: "assembles newsletters from saved blocks", module: "newsletter-builder" },
  ],
  seo: [
    { product: "Rank Tracker", does: "tracks keyword positions every day", module: "rank-tracker" },
    { product: "Site Auditor", does: "crawls sites for technical SEO issues", module: "seo-audit" },
    { product: "Backlink Monitor", does: "alerts you to new and lost backlinks", module: "seo-core" },
    { product: "Keyword Planner", does: "groups keywords into topic clusters", module: "seo-core" },
    { product: "Schema Helper", does: "generates structured data for rich results", module: "site-crawler" },
    { product: "Local Listings", does: "keeps business listings consistent everywhere", module: "seo-core" },
    { product: "Page Speed Coach", does: "explains what slows a page down and how to fix it", module: "site-crawler" },
  ],
  social: [
    { product: "Post Scheduler", does: "queues posts across every network", module: "social-scheduler" },
    { product: "Social Inbox", does: "answers comments and messages in one place", module: "social-core" },
    { product: "Hashtag Scout", does: "finds hashtags that reach the right audience", module: "social-listening" },
    { product: "Influencer Finder", does: "matches brands with relevant creators", module: "influencer-crm" },
    { product: "Listening Post", does: "tracks mentions of clients and competitors", module: "social-listening" },
    { product: "Story Planner", does: "lays out stories and reels frame by frame", module: "social-scheduler" },
    { product: "UGC Collector", does: "gathers customer posts with usage rights", module: "social-listening" },
  ],
};

/** One sentence per category on what working with such an add-on is like. */
export const MARKETPLACE_CATEGORY_PITCHES: Record<MarketplaceCategory, string> = {
  analytics: "Numbers refresh every hour, and any view can be shared with a client as a read-only link.",
  automation: "Each run is logged step by step, so you can see what happened and replay what failed.",
  content: "It learns each client's voice from the copy you have already approved.",
  crm: "Contacts, deals and notes stay in step with the toolkit's CRM, client by client.",
  design: "Everything it makes stays editable and sits in the client's brand library.",
  email: "It works with the sending domains and suppression lists you already have.",
  seo: "Findings come ranked by impact, with the fix explained in plain words for the client.",
  social: "Posts, comments and reports stay separate per client, with approvals before anything goes live.",
};

export const MARKETPLACE_EDITIONS = [
  { name: "", note: "The standard edition covers one agency workspace with unlimited clients." },
  { name: "Pro", note: "Adds team seats and client-level permissions." },
  { name: "Lite", note: "The essentials for freelancers and small teams." },
  { name: "for Agencies", note: "Multi-client workspaces with white-label exports." },
  { name: "Plus", note: "Includes priority support and an onboarding call." },
  { name: "Enterprise", note: "SSO, audit logs and a dedicated success manager." },
  { name: "Express", note: "Set up in minutes with sensible defaults." },
] as const;

export const MARKETPLACE_VENDORS = [
  "Harbor Labs",
  "Pinecrest Software",
  "Lumen & Co",
  "Northstar Apps",
  "Quillworks",
  "Saltmarsh Studio",
  "Brightline",
  "Cobalt Forge",
  "Fieldnote",
  "Juniper Systems",
  "Kestrel Digital",
  "Meridian Tools",
];

/** Monthly prices in cents; 0 is free. */
export const MARKETPLACE_PRICES_CENTS = [0, 0, 0, 900, 1200, 1900, 2900, 3900, 4900, 7900, 9900, 14900, 24900];

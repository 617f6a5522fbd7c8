import type { MarketplaceCategory } from "@/lib/marketplace/categories";

/**
 * What the marketplace sells: per category, the kinds of add-on and what they do. Item names
 * combine a product with an edition; vendors are fictional studios.
 */
type ProductSpec = { product: string; does: string };

export const MARKETPLACE_PRODUCTS: Record<MarketplaceCategory, ProductSpec[]> = {
  analytics: [
    { product: "KPI Board", does: "puts every client's KPIs on one live board" },
    { product: "Attribution Lens", does: "shows which channels earn each conversion" },
    { product: "Report Scheduler", does: "sends branded PDF reports on a schedule" },
    { product: "Funnel Explorer", does: "finds where visitors drop out of a funnel" },
    { product: "Cohort Tracker", does: "compares retention of sign-up cohorts" },
    { product: "Goal Watch", does: "alerts you when a campaign goal drifts off target" },
    { product: "Data Blender", does: "joins ads, CRM and analytics data without spreadsheets" },
  ],
  automation: [
    { product: "Flow Builder", does: "chains triggers and actions across your tools" },
    { product: "Task Router", does: "assigns incoming requests to the right teammate" },
    { product: "Approval Bot", does: "collects client sign-off in chat" },
    { product: "Invoice Runner", does: "creates and chases retainer invoices" },
    { product: "Sheet Sync", does: "keeps spreadsheets and the CRM in step" },
    { product: "Webhook Relay", does: "forwards events from any app with retries" },
    { product: "Onboarding Autopilot", does: "runs new-client onboarding checklists" },
  ],
  content: [
    { product: "Copy Assistant", does: "drafts on-brand headlines and body copy" },
    { product: "Tone Checker", does: "flags copy that drifts from the brand voice" },
    { product: "Content Calendar", does: "plans and tracks content across clients" },
    { product: "Brief Generator", does: "turns a call transcript into a creative brief" },
    { product: "Translation Desk", does: "localises campaigns with glossary support" },
    { product: "Readability Score", does: "grades copy for clarity and reading level" },
    { product: "Story Library", does: "stores approved case studies and quotes" },
  ],
  crm: [
    { product: "Pipeline Pulse", does: "forecasts deals from pipeline history" },
    { product: "Contact Enricher", does: "fills in company and role details for leads" },
    { product: "Deal Rooms", does: "shares proposals and tracks who read them" },
    { product: "Lead Scorer", does: "ranks leads by fit and engagement" },
    { product: "Meeting Booker", does: "books discovery calls straight into calendars" },
    { product: "Churn Radar", does: "spots retainers at risk before renewal" },
    { product: "Referral Tracker", does: "credits partners for the clients they send" },
  ],
  design: [
    { product: "Icon Pack", does: "adds a consistent icon set to every template" },
    { product: "Mockup Studio", does: "places designs on devices and packaging" },
    { product: "Brand Kit", does: "keeps logos, colours and fonts per client" },
    { product: "Photo Finder", does: "searches licensed stock photography" },
    { product: "Banner Resizer", does: "resizes one design into every ad format" },
    { product: "Font Pairing", does: "suggests type pairings that fit the brand" },
    { product: "Illustration Set", does: "provides editable spot illustrations" },
  ],
  email: [
    { product: "Inbox Preview", does: "renders emails across forty clients before sending" },
    { product: "List Cleaner", does: "removes bounces and risky addresses" },
    { product: "Send-time Optimiser", does: "sends each email when its reader is most likely to open" },
    { product: "Drip Designer", does: "builds nurture sequences visually" },
    { product: "Deliverability Monitor", does: "watches sender reputation and blocklists" },
    { product: "Subject Line Tester", does: "predicts open rates of subject lines" },
    { product: "Newsletter Kit", does: "assembles newsletters from saved blocks" },
  ],
  seo: [
    { product: "Rank Tracker", does: "tracks keyword positions every day" },
    { product: "Site Auditor", does: "crawls sites for technical SEO issues" },
    { product: "Backlink Monitor", does: "alerts you to new and lost backlinks" },
    { product: "Keyword Planner", does: "groups keywords into topic clusters" },
    { product: "Schema Helper", does: "generates structured data for rich results" },
    { product: "Local Listings", does: "keeps business listings consistent everywhere" },
    { product: "Page Speed Coach", does: "explains what slows a page down and how to fix it" },
  ],
  social: [
    { product: "Post Scheduler", does: "queues posts across every network" },
    { product: "Social Inbox", does: "answers comments and messages in one place" },
    { product: "Hashtag Scout", does: "finds hashtags that reach the right audience" },
    { product: "Influencer Finder", does: "matches brands with relevant creators" },
    { product: "Listening Post", does: "tracks mentions of clients and competitors" },
    { product: "Story Planner", does: "lays out stories and reels frame by frame" },
    { product: "UGC Collector", does: "gathers customer posts with usage rights" },
  ],
};

export const MARKETPLACE_EDITIONS = [
  { name: "", note: "" },
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

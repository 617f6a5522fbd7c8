/**
 * The marketplace's categories: a product decision, the same for every tenant. Pure, so the
 * filter sidebar imports it too.
 */
export const MARKETPLACE_CATEGORIES = [
  { slug: "analytics", name: "Analytics & reporting" },
  { slug: "automation", name: "Automation" },
  { slug: "content", name: "Content & copy" },
  { slug: "crm", name: "CRM & sales" },
  { slug: "design", name: "Design assets" },
  { slug: "email", name: "Email marketing" },
  { slug: "seo", name: "SEO" },
  { slug: "social", name: "Social media" },
] as const;

export type MarketplaceCategory = (typeof MARKETPLACE_CATEGORIES)[number]["slug"];

export const MARKETPLACE_CATEGORY_SLUGS = MARKETPLACE_CATEGORIES.map((category) => category.slug) as [MarketplaceCategory, ...MarketplaceCategory[]];

/** Sort orders offered by the listing; each has its own index (see the schema). */
export const MARKETPLACE_SORTS = ["popular", "rating", "price_asc", "price_desc", "newest"] as const;
export type MarketplaceSort = (typeof MARKETPLACE_SORTS)[number];

export const MARKETPLACE_SORT_LABELS: Record<MarketplaceSort, string> = {
  popular: "Most installed",
  rating: "Highest rated",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  newest: "Newest",
};

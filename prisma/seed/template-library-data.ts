/**
 * An agency's template library: eight categories, each a list of subjects that come in a few
 * visual styles. The first style of each subject keeps the plain subject name, so libraries
 * seeded before the styles existed keep their rows.
 */
type CategorySpec = { slug: string; name: string; noun: string; subjects: string[] };

export const TEMPLATE_LIBRARY: CategorySpec[] = [
  {
    slug: "landing-pages",
    name: "Landing pages",
    noun: "landing page",
    subjects: ["SaaS launch", "Product waitlist", "Webinar sign-up", "App download", "Event countdown", "Agency portfolio", "Consulting offer", "Free trial", "Ebook download", "Local business", "Course enrolment", "Pricing comparison"],
  },
  {
    slug: "email",
    name: "Email campaigns",
    noun: "email",
    subjects: ["Welcome series", "Abandoned cart", "Monthly newsletter", "Re-engagement", "Product announcement", "Holiday promotion", "Onboarding tips", "Event invitation", "Feedback request", "Renewal reminder", "Referral programme"],
  },
  {
    slug: "social",
    name: "Social media",
    noun: "social post",
    subjects: ["Instagram carousel", "LinkedIn thought leadership", "Launch teaser", "Customer story", "Weekly tips thread", "Behind the scenes", "Product spotlight", "Poll and question", "Milestone celebration", "Hiring announcement"],
  },
  {
    slug: "reports",
    name: "Client reports",
    noun: "report",
    subjects: ["Monthly SEO report", "Paid media summary", "Quarterly business review", "Social analytics", "Conversion audit", "Email performance", "Competitor snapshot", "Annual retrospective", "Local search visibility", "Content performance"],
  },
  {
    slug: "proposals",
    name: "Proposals",
    noun: "proposal",
    subjects: ["Website redesign", "Retainer proposal", "Brand refresh", "Growth marketing plan", "SEO engagement", "Paid social pilot", "Content strategy", "Marketing automation setup", "Conversion optimisation sprint"],
  },
  {
    slug: "ads",
    name: "Ad creatives",
    noun: "ad set",
    subjects: ["Search ad copy", "Retargeting banner", "Video pre-roll script", "Shopping feed promo", "Lead form ad", "App install ad", "Seasonal sale banner", "Brand awareness spot", "Testimonial ad", "Offer countdown ad"],
  },
  {
    slug: "presentations",
    name: "Presentations",
    noun: "deck",
    subjects: ["Pitch deck", "Campaign kickoff", "Creative review", "Quarterly results", "Brand guidelines", "Workshop agenda", "Case study", "Media plan", "Strategy offsite"],
  },
  {
    slug: "blog",
    name: "Blog posts",
    noun: "article",
    subjects: ["How-to guide", "Listicle", "Industry trends", "Product comparison", "Customer interview", "Myth busting", "Ultimate checklist", "Year in review", "Expert roundup", "Beginner's glossary"],
  },
];

/** The visual styles every subject comes in; the first keeps the plain subject name. */
export const TEMPLATE_STYLES = [
  { name: "", blurb: "Clean layout with room for the client's brand colours and logo." },
  { name: "Minimal", blurb: "Lots of white space, one typeface and a single strong call to action." },
  { name: "Bold", blurb: "Big type, high-contrast blocks and punchy copy for attention-hungry audiences." },
  { name: "Editorial", blurb: "Magazine-style hierarchy with pull quotes and long-form sections." },
] as const;

export function templateName(subject: string, style: (typeof TEMPLATE_STYLES)[number]): string {
  return style.name ? `${subject} · ${style.name}` : subject;
}

export function templateDescription(subject: string, noun: string, style: (typeof TEMPLATE_STYLES)[number]): string {
  return `${subject} ${noun}, ready to brand and publish. ${style.blurb}`;
}

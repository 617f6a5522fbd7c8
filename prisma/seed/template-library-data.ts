/**
 * An agency's template library: eight categories, each a list of subjects that come in a few
 * visual styles. The first style of each subject keeps the plain subject name, so libraries
 * seeded before the styles existed keep their rows.
 */
/** `noun` follows the subject in descriptions ("Pitch deck"); empty where subjects name their own format ("Instagram carousel"). */
type CategorySpec = { slug: string; name: string; noun: string; subjects: string[]; pitch: string };

export const TEMPLATE_LIBRARY: CategorySpec[] = [
  {
    slug: "landing-pages",
    pitch: "built to convert: a clear headline, three benefit blocks, proof from real customers and one form above the fold.",
    name: "Landing pages",
    noun: "landing page",
    subjects: ["SaaS launch", "Product waitlist", "Webinar sign-up", "App download", "Event countdown", "Agency portfolio", "Consulting offer", "Free trial", "Ebook download", "Local business", "Course enrolment", "Pricing comparison"],
  },
  {
    slug: "email",
    pitch: "with subject line ideas, preview text and a single call to action; it reads well on phones and in dark mode.",
    name: "Email campaigns",
    noun: "email",
    subjects: ["Welcome series", "Abandoned cart", "Monthly newsletter", "Re-engagement", "Product announcement", "Holiday promotion", "Onboarding tips", "Event invitation", "Feedback request", "Renewal reminder", "Referral programme"],
  },
  {
    slug: "social",
    pitch: "for a client's feed, with caption, visual layout and hashtag set sized for every network.",
    name: "Social media",
    noun: "",
    subjects: ["Instagram carousel", "LinkedIn thought leadership", "Launch teaser", "Customer story", "Weekly tips thread", "Behind the scenes", "Product spotlight", "Poll and question", "Milestone celebration", "Hiring announcement"],
  },
  {
    slug: "reports",
    pitch: "that tells the period's story in plain words: headline numbers first, then detail by channel and the next steps.",
    name: "Client reports",
    noun: "report",
    subjects: ["Monthly SEO report", "Paid media summary", "Quarterly business review", "Social analytics", "Conversion audit", "Email performance", "Competitor snapshot", "Annual retrospective", "Local search visibility", "Content performance"],
  },
  {
    slug: "proposals",
    pitch: "that walks the client from their problem to your plan, with scope, timeline and investment laid out.",
    name: "Proposals",
    noun: "proposal",
    subjects: ["Website redesign", "Retainer proposal", "Brand refresh", "Growth marketing plan", "SEO engagement", "Paid social pilot", "Content strategy", "Marketing automation setup", "Conversion optimisation sprint"],
  },
  {
    slug: "ads",
    pitch: "ready to run, with headline and body variants to test and sizes for search, social and display placements.",
    name: "Ad creatives",
    noun: "",
    subjects: ["Search ad copy", "Retargeting banner", "Video pre-roll script", "Shopping feed promo", "Lead form ad", "App install ad", "Seasonal sale banner", "Brand awareness spot", "Testimonial ad", "Offer countdown ad"],
  },
  {
    slug: "presentations",
    pitch: "with a title slide, a clear storyline and speaker notes, in 16:9 and easy to rebrand.",
    name: "Presentations",
    noun: "deck",
    subjects: ["Pitch deck", "Campaign kickoff", "Creative review", "Quarterly results", "Brand guidelines", "Workshop agenda", "Case study", "Media plan", "Strategy offsite"],
  },
  {
    slug: "blog",
    pitch: "with a working headline, section prompts and a closing call to action, structured for search.",
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

/**
 * "Welcome series email with subject line ideas, …": the subject, the category's noun unless the
 * subject already ends with it ("Pitch deck", not "Pitch deck deck"), the category's pitch and
 * the style's blurb.
 */
export function templateDescription(subject: string, category: Pick<CategorySpec, "noun" | "pitch">, style: (typeof TEMPLATE_STYLES)[number]): string {
  const title = subject.toLowerCase().endsWith(category.noun) ? subject : `${subject} ${category.noun}`;
  return `${title} ${category.pitch} ${style.blurb}`;
}

/** What descriptions of an older seed contain; the seed rewrites only those (never an admin's text). */
export const LEGACY_DESCRIPTION_MARKER = ", ready to brand and publish. ";

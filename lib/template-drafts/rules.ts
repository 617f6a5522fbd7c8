/**
 * What a template looks like and holds, derived from its category and name alone: the catalog
 * stores no layout, so the preview thumbnail and a draft's starting content are generated here,
 * the same every time. Pure (no I/O), so the gallery's client components use it too.
 */

/** The visual styles the library's names carry as a suffix ("Welcome series · Bold"). */
export const TEMPLATE_STYLE_NAMES = ["classic", "minimal", "bold", "editorial"] as const;
export type TemplateStyle = (typeof TEMPLATE_STYLE_NAMES)[number];

/** The style a name announces after its " · " suffix; any other name is classic. */
export function styleOfTemplateName(name: string): TemplateStyle {
  const suffix = name.split(" · ").at(-1)?.trim().toLowerCase();
  return (TEMPLATE_STYLE_NAMES as readonly string[]).includes(suffix ?? "") && name.includes(" · ") ? (suffix as TemplateStyle) : "classic";
}

/** The name without its style suffix: what the template is about. */
export function subjectOfTemplateName(name: string): string {
  return styleOfTemplateName(name) === "classic" ? name : name.slice(0, name.lastIndexOf(" · "));
}

/** A stable 32-bit hash (FNV-1a), so an id always picks the same hue. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export type DraftSection = { heading: string; body: string };
export type DraftContent = { summary: string; categorySlug: string; style: TemplateStyle; sections: DraftSection[] };

/** Each seeded category's section outline; a category an admin adds gets the generic one. */
const OUTLINES: Record<string, string[]> = {
  "landing-pages": ["Hero", "Benefits", "How it works", "Social proof", "Call to action"],
  email: ["Subject line", "Preheader", "Opening", "Main message", "Call to action", "Footer"],
  social: ["Hook", "Visual", "Caption", "Hashtags", "Call to action"],
  reports: ["Summary", "Highlights", "Results by channel", "What we learned", "Next month"],
  proposals: ["The challenge", "Our approach", "Scope and deliverables", "Timeline", "Investment"],
  ads: ["Headline", "Body copy", "Visual direction", "Call to action", "Targeting notes"],
  presentations: ["Title slide", "Agenda", "Key points", "Evidence", "Next steps"],
  blog: ["Headline", "Introduction", "Main points", "Conclusion", "Call to action"],
};
const GENERIC_OUTLINE = ["Introduction", "Main content", "Call to action"];

const STYLE_GUIDANCE: Record<TemplateStyle, string> = {
  classic: "Keep the client's brand colours and logo prominent.",
  minimal: "Keep it short: one idea per block and plenty of white space.",
  bold: "Lead with a big claim in few words; high contrast wins attention.",
  editorial: "Write in longer paragraphs with a pull quote to carry the story.",
};

/** A draft's starting content: the template's summary and an outline to fill in. */
export function draftContentFor(template: { name: string; description: string; categorySlug: string }): DraftContent {
  const style = styleOfTemplateName(template.name);
  const subject = subjectOfTemplateName(template.name);
  const outline = OUTLINES[template.categorySlug] ?? GENERIC_OUTLINE;
  return {
    summary: template.description,
    categorySlug: template.categorySlug,
    style,
    sections: outline.map((heading, index) => ({
      heading,
      body: index === 0 ? `${subject}: ${STYLE_GUIDANCE[style]}` : `Write the ${heading.toLowerCase()} for ${subject.toLowerCase()}.`,
    })),
  };
}

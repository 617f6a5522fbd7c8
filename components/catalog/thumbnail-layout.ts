import { hashText, type TemplateStyle } from "@/lib/template-drafts/rules";

/**
 * The preview of a template as shapes on a 160 × 100 canvas: a layout per category (a landing
 * page has a hero, a report has KPI tiles and bars…), reshaped by the style (minimal outlines,
 * bold fills, editorial columns with a pull quote). Deterministic from the id, so a template
 * always looks the same; pure, so it is tested without a browser.
 */
export const THUMBNAIL_WIDTH = 160;
export const THUMBNAIL_HEIGHT = 100;

/** How a shape is painted: the accent colour, a tint of it, an outline, or a line of text. */
export type ShapeRole = "accent" | "tint" | "outline" | "text" | "title";
export type Shape = { x: number; y: number; width: number; height: number; role: ShapeRole; round?: boolean };
export type Thumbnail = { accentIndex: number; shapes: Shape[] };

type Random = () => number;

function randomFrom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function textLines(x: number, y: number, width: number, count: number, gap: number, random: Random): Shape[] {
  return Array.from({ length: count }, (_, index) => ({ x, y: y + index * gap, width: Math.round(width * (index === count - 1 ? 0.55 : 0.8 + random() * 0.2)), height: 2.5, role: "text" as const }));
}

const LAYOUTS: Record<string, (random: Random) => Shape[]> = {
  "landing-pages": (random) => [
    { x: 8, y: 6, width: 144, height: 6, role: "outline" },
    { x: 8, y: 16, width: 144, height: 40, role: "tint" },
    { x: 20, y: 24, width: 80, height: 6, role: "title" },
    ...textLines(20, 34, 70, 2, 5, random),
    { x: 20, y: 45, width: 28, height: 7, role: "accent", round: true },
    ...[0, 1, 2].map((index) => ({ x: 8 + index * 49, y: 62, width: 46, height: 30, role: "outline" as const })),
  ],
  email: (random) => [
    { x: 45, y: 4, width: 70, height: 92, role: "outline" },
    { x: 49, y: 8, width: 62, height: 8, role: "accent" },
    { x: 49, y: 20, width: 62, height: 26, role: "tint" },
    { x: 53, y: 50, width: 45, height: 4, role: "title" },
    ...textLines(53, 58, 54, 4, 5, random),
    { x: 62, y: 81, width: 36, height: 7, role: "accent", round: true },
  ],
  social: (random) => [
    { x: 38, y: 4, width: 84, height: 92, role: "outline" },
    { x: 42, y: 8, width: 76, height: 58, role: "tint" },
    { x: 66, y: 23, width: 28, height: 28, role: "accent", round: true },
    ...textLines(42, 72, 70, 3, 5, random),
    { x: 42, y: 88, width: 24, height: 3, role: "title" },
  ],
  reports: (random) => [
    { x: 8, y: 6, width: 70, height: 6, role: "title" },
    ...[0, 1, 2, 3].map((index) => ({ x: 8 + index * 37, y: 18, width: 33, height: 18, role: "tint" as const })),
    { x: 8, y: 42, width: 96, height: 52, role: "outline" },
    ...Array.from({ length: 7 }, (_, index) => {
      const height = Math.round(10 + random() * 34);
      return { x: 14 + index * 13, y: 90 - height, width: 8, height, role: "accent" as const };
    }),
    ...textLines(110, 44, 42, 7, 7, random),
  ],
  proposals: (random) => [
    { x: 8, y: 4, width: 16, height: 92, role: "accent" },
    { x: 32, y: 12, width: 90, height: 8, role: "title" },
    { x: 32, y: 24, width: 60, height: 4, role: "text" },
    { x: 32, y: 36, width: 120, height: 22, role: "tint" },
    ...textLines(32, 66, 116, 5, 6, random),
  ],
  ads: (random) => [
    { x: 6, y: 8, width: 100, height: 48, role: "tint" },
    { x: 12, y: 16, width: 64, height: 8, role: "title" },
    ...textLines(12, 29, 56, 2, 5, random),
    { x: 12, y: 42, width: 30, height: 8, role: "accent", round: true },
    { x: 112, y: 8, width: 42, height: 84, role: "outline" },
    { x: 116, y: 12, width: 34, height: 34, role: "tint" },
    ...textLines(116, 52, 30, 3, 5, random),
    { x: 6, y: 62, width: 100, height: 30, role: "outline" },
    { x: 12, y: 70, width: 50, height: 5, role: "title" },
    { x: 70, y: 70, width: 30, height: 14, role: "accent" },
  ],
  presentations: (random) => [
    { x: 8, y: 8, width: 144, height: 84, role: "outline" },
    { x: 16, y: 16, width: 76, height: 8, role: "title" },
    ...Array.from({ length: 4 }, (_, index) => [
      { x: 16, y: 34 + index * 12, width: 4, height: 4, role: "accent" as const, round: true },
      { x: 24, y: 35 + index * 12, width: Math.round(44 + random() * 24), height: 2.5, role: "text" as const },
    ]).flat(),
    { x: 104, y: 34, width: 40, height: 40, role: "tint", round: true },
    { x: 114, y: 44, width: 20, height: 20, role: "accent", round: true },
  ],
  blog: (random) => [
    { x: 24, y: 4, width: 112, height: 32, role: "tint" },
    { x: 24, y: 42, width: 96, height: 7, role: "title" },
    { x: 24, y: 53, width: 40, height: 3, role: "accent" },
    ...textLines(24, 62, 112, 6, 5.5, random),
  ],
};

function genericLayout(random: Random): Shape[] {
  return [{ x: 8, y: 8, width: 144, height: 30, role: "tint" }, { x: 8, y: 44, width: 90, height: 7, role: "title" }, ...textLines(8, 58, 144, 5, 6, random)];
}

/** Minimal: outlines instead of tints, every other text line gone. Bold: tints become solid, titles grow. Editorial: a pull quote. */
function applyStyle(shapes: Shape[], style: TemplateStyle): Shape[] {
  if (style === "minimal") return shapes.filter((shape, index) => shape.role !== "text" || index % 2 === 0).map((shape) => (shape.role === "tint" ? { ...shape, role: "outline" } : shape));
  if (style === "bold") return shapes.map((shape) => (shape.role === "tint" ? { ...shape, role: "accent" } : shape.role === "title" ? { ...shape, height: shape.height * 1.6 } : shape));
  if (style === "editorial") return [...shapes.filter((shape) => shape.role !== "accent" || shape.round !== true), { x: 4, y: 60, width: 2, height: 30, role: "accent" }];
  return shapes;
}

export function thumbnailFor(template: { id: string; categorySlug: string; style: TemplateStyle }): Thumbnail {
  const seed = hashText(template.id);
  const random = randomFrom(seed);
  const layout = LAYOUTS[template.categorySlug] ?? genericLayout;
  return { accentIndex: (seed % 4) + 1, shapes: applyStyle(layout(random), template.style) };
}

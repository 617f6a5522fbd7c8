import { styleOfTemplateName, type TemplateStyle } from "@/lib/template-drafts/rules";
import { THUMBNAIL_HEIGHT, THUMBNAIL_WIDTH, thumbnailFor, type ShapeRole } from "./thumbnail-layout";

/** Colours come from theme tokens, so the preview follows light and dark mode. */
const FILL: Record<ShapeRole, (accent: string) => { fill: string; stroke?: string; opacity?: number }> = {
  accent: (accent) => ({ fill: accent }),
  tint: (accent) => ({ fill: accent, opacity: 0.22 }),
  outline: () => ({ fill: "none", stroke: "var(--color-line)" }),
  text: () => ({ fill: "var(--color-muted)", opacity: 0.55 }),
  title: () => ({ fill: "var(--color-ink)", opacity: 0.8 }),
};

/**
 * A generated picture of the template (its category's layout in its style), drawn as SVG: no
 * image files, the same picture for the same template everywhere.
 */
export function TemplateThumbnail({ template, className }: { template: { id: string; name: string; categorySlug: string; style?: TemplateStyle }; className?: string }) {
  const style = template.style ?? styleOfTemplateName(template.name);
  const { accentIndex, shapes } = thumbnailFor({ id: template.id, categorySlug: template.categorySlug, style });
  const accent = `var(--color-series-${accentIndex})`;
  return (
    <svg
      viewBox={`0 0 ${THUMBNAIL_WIDTH} ${THUMBNAIL_HEIGHT}`}
      role="img"
      aria-label={`Preview of ${template.name}: ${style} style`}
      className={`block aspect-[8/5] w-full rounded-md border border-line bg-surface ${className ?? ""}`}
      data-testid="template-thumbnail"
    >
      {shapes.map((shape, index) => {
        const paint = FILL[shape.role](accent);
        return (
          <rect
            key={index}
            x={shape.x}
            y={shape.y}
            width={shape.width}
            height={shape.height}
            rx={shape.round ? Math.min(shape.width, shape.height) / 2 : 1.5}
            fill={paint.fill}
            fillOpacity={paint.opacity}
            stroke={paint.stroke}
            strokeWidth={paint.stroke ? 1 : undefined}
          />
        );
      })}
    </svg>
  );
}

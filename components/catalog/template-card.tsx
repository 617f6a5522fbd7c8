import type { TemplateOutput } from "@/lib/templates/schemas";

/** One template: what it is, where it belongs, how popular it is, and a way to use it. */
export function TemplateCard({ template, categoryName, onUse, isUsing }: { template: TemplateOutput; categoryName: string; onUse: () => void; isUsing: boolean }) {
  const popularityPercent = Math.round(template.popularityScore * 10);
  return (
    <li className="flex h-48 flex-col rounded-lg border border-line bg-panel p-4" aria-label={template.name}>
      <div className="flex items-start justify-between gap-3">
        <h3 className="line-clamp-1 font-medium" title={template.name}>
          {template.name}
        </h3>
        <span className="shrink-0 rounded-full bg-surface px-2 py-0.5 text-xs text-muted">{categoryName}</span>
      </div>
      <p className="mt-2 line-clamp-3 text-sm text-muted">{template.description}</p>
      <div className="mt-auto flex items-center justify-between gap-3 pt-3">
        <div className="flex min-w-0 items-center gap-2 text-xs text-muted" title={`Popularity ${template.popularityScore.toFixed(2)} of 10`}>
          <span className="sr-only">Popularity</span>
          <span aria-hidden className="h-1.5 w-16 shrink-0 overflow-hidden rounded-full bg-surface">
            <span className="block h-full rounded-full bg-accent" style={{ width: `${popularityPercent}%` }} />
          </span>
          <span className="tabular-nums text-ink">{template.popularityScore.toFixed(1)}</span>
          <span aria-hidden>/ 10</span>
        </div>
        <button type="button" onClick={onUse} disabled={isUsing} className="shrink-0 whitespace-nowrap rounded-md border border-line px-3 py-1 text-sm hover:border-accent disabled:opacity-60">
          {isUsing ? "Using…" : "Use template"}
        </button>
      </div>
    </li>
  );
}

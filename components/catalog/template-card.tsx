import Link from "next/link";
import type { TemplateOutput } from "@/lib/templates/schemas";
import { PopularityMeter } from "./popularity-meter";
import { TemplateThumbnail } from "./template-thumbnail";

/** One template: its preview, what it is, how popular it is, and a way to use it. */
export function TemplateCard({ template, categoryName, onUse, isUsing, isBusy }: { template: TemplateOutput; categoryName: string; onUse: () => void; isUsing: boolean; isBusy: boolean }) {
  const href = `/app/templates/${template.id}`;
  return (
    <li className="flex flex-col rounded-lg border border-line bg-panel p-4" aria-label={template.name}>
      <TemplateThumbnail template={template} className="mb-3" />
      <div className="flex items-start justify-between gap-3">
        <h3 className="line-clamp-1 font-medium" title={template.name}>
          <Link href={href} className="hover:underline focus-visible:underline">
            {template.name}
          </Link>
        </h3>
        <span className="shrink-0 rounded-full bg-surface px-2 py-0.5 text-xs text-muted">{categoryName}</span>
      </div>
      <p className="mt-2 line-clamp-2 h-10 text-sm text-muted">{template.description}</p>
      <div className="mt-auto flex items-center justify-between gap-3 pt-3">
        <PopularityMeter score={template.popularityScore} />
        <button
          type="button"
          onClick={onUse}
          disabled={isBusy}
          className="shrink-0 whitespace-nowrap rounded-md border border-line px-3 py-1 text-sm hover:border-accent disabled:opacity-60"
        >
          {isUsing ? "Creating draft…" : "Use template"}
        </button>
      </div>
    </li>
  );
}

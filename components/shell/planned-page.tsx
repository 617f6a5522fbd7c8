import { findNavItem } from "./navigation";

/** The page's title and what it will hold, until the work that builds it lands. */
export function PlannedPage({ href }: { href: string }) {
  const item = findNavItem(href);
  return (
    <section>
      <h1 className="text-2xl font-semibold">{item.label}</h1>
      <div className="mt-6 max-w-2xl rounded-lg border border-dashed border-line bg-panel p-6">
        <p className="text-sm font-medium">Not built yet. This page will show:</p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-muted">
          {(item.planned ?? []).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

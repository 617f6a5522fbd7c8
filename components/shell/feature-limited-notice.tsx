import Link from "next/link";
import type { FeaturePageLimit } from "@/lib/auth/page-guard";
import { RefreshWhenRestored } from "./refresh-when-restored";

/** Rendered on the server, so the time is given in UTC rather than guessed for the viewer. */
function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** What a non-core page shows instead of its feature while the circuit breaker has it off. */
export function FeatureLimitedNotice({ limit }: { limit: FeaturePageLimit }) {
  const { page, degradation, corePages } = limit;
  return (
    <section aria-labelledby="feature-limited-title" data-testid="feature-limited" className="max-w-2xl rounded-lg border border-danger bg-panel p-6">
      <p className="text-sm font-semibold uppercase tracking-wide text-danger">Temporarily limited</p>
      {/* Whole strings, so the server-rendered HTML holds each sentence in one piece. */}
      <h1 id="feature-limited-title" className="mt-2 text-xl font-semibold">
        {`${page.label} is temporarily limited`}
      </h1>
      <p className="mt-2 text-sm text-ink">
        {`To keep the core of the app responsive under load, ${degradation.scope === "global" ? "every non-core feature" : `the ${degradation.scope} area`} is switched off. Your data is safe; nothing was changed or lost.`}
      </p>
      <dl className="mt-4 grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
        <dt className="text-muted">Switched off by</dt>
        <dd data-testid="feature-limited-owner">{degradation.owner}</dd>
        <dt className="text-muted">Back by</dt>
        <dd>
          <time dateTime={new Date(degradation.expiresAtMs).toISOString()}>{`${utcTime(degradation.expiresAtMs)} at the latest`}</time>
        </dd>
      </dl>
      <p className="mt-4 text-sm">These pages keep working:</p>
      <ul className="mt-2 flex flex-wrap gap-2">
        {corePages.map((core) => (
          <li key={core.href}>
            <Link href={core.href} className="inline-block rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink">
              {core.label}
            </Link>
          </li>
        ))}
        <li>
          <Link href={page.href} className="inline-block rounded-md border border-line px-3 py-1.5 text-sm">
            {`Try ${page.label} again`}
          </Link>
        </li>
      </ul>
      <RefreshWhenRestored tier={page.tier} area={page.area} />
    </section>
  );
}

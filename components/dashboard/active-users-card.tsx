"use client";

import { useActiveUsers } from "./queries";

const WINDOWS = [
  { key: "last5m", label: "5 min" },
  { key: "last1h", label: "1 hour" },
  { key: "last24h", label: "24 hours" },
] as const;

/** How many of the tenant's users were active recently (each sighting is at most a minute old). */
export function ActiveUsersCard() {
  const query = useActiveUsers();
  return (
    <section className="rounded-lg border border-line bg-panel p-4" aria-label="Active users" data-testid="active-users">
      <header className="mb-2 flex items-baseline justify-between gap-3">
        <h2 className="text-sm font-semibold">Active users</h2>
        <span className="text-xs text-muted">users of this tenant with a request in the window</span>
      </header>
      {query.error && !query.data ? (
        <p role="alert" className="text-sm text-danger">
          {`Active users could not be loaded: ${query.error.message}`}{" "}
          <button type="button" onClick={() => void query.refetch()} className="ml-2 rounded-md border border-line px-2 py-0.5 text-ink">
            Retry
          </button>
        </p>
      ) : (
        <dl className="grid grid-cols-3 gap-3" aria-busy={query.isLoading}>
          {WINDOWS.map((window) => (
            <div key={window.key}>
              <dt className="text-xs text-muted">{`Last ${window.label}`}</dt>
              <dd className="h-8 text-xl font-semibold tabular-nums" data-testid={`active-users-${window.key}`}>
                {query.data ? query.data[window.key] : <span className="inline-block h-6 w-10 animate-pulse rounded bg-surface" />}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

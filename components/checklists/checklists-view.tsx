"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { Panel } from "@/components/ops/panel";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import { ChecklistCard } from "./checklist-card";
import { EventsPanel } from "./events-panel";
import { ProgressBar } from "./progress-bar";
import { useScalingEvent, useScalingEvents } from "./queries";
import { RecordsPanel } from "./records-panel";

function EventDetailView({ id }: { id: string }) {
  const event = useScalingEvent(id);
  const detail = event.data;
  if (!detail) {
    return (
      <Panel title="Checklists" isLoading={event.isLoading} isEmpty={!event.isLoading} error={event.error?.message} onRetry={() => void event.refetch()} minHeight={600}>
        {null}
      </Panel>
    );
  }
  return (
    <div className={`space-y-4 ${event.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={event.isFetching}>
      <section className="rounded-lg border border-line bg-panel p-4" aria-label="Scaling event">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="text-lg font-semibold" data-testid="event-reason">
              {detail.event.reason}
            </h2>
            <p className="text-xs text-muted">
              Opened by {detail.event.openedBy} at {new Date(detail.event.openedAt).toLocaleString()} ({detail.event.source}) · {detail.progress.signed} of {detail.progress.checklists} checklists signed
            </p>
          </div>
          <a href={`/api/v1/ops/scaling-events/${detail.event.id}/export.md`} className="rounded-md border border-line px-3 py-1 text-sm" download>
            Export Markdown
          </a>
        </div>
        <div className="mt-2">
          <ProgressBar done={detail.progress.done} total={detail.progress.total} label="Whole event progress" />
        </div>
        {event.error ? (
          <p role="alert" className="mt-2 text-xs text-danger">
            Refresh failed: {event.error.message}
          </p>
        ) : null}
      </section>
      {detail.checklists.map((checklist) => (
        <ChecklistCard key={checklist.kind} checklist={checklist} permissions={detail.permissions} />
      ))}
      <RecordsPanel detail={detail} />
    </div>
  );
}

/** Scaling events on the left; the selected one's three checklists, sign-offs and records on the right. */
export function ChecklistsView({ role }: { role: PlatformRole }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const events = useScalingEvents();
  const requested = searchParams.get("event");
  const selectedId = requested ?? events.data?.pages[0]?.items[0]?.id ?? null;
  const select = useCallback(
    (id: string) => {
      const params = new URLSearchParams(searchParams.toString());
      params.set("event", id);
      router.replace(`${pathname}?${params}`, { scroll: false });
    },
    [pathname, router, searchParams],
  );

  return (
    <section className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">Scaling checklists</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          The guide&apos;s deployment scaling checklists for each scaling event: SREs tick items with evidence (or let the system verify them from live data), and a manager signs each
          checklist off after re-entering the password. Other changes here may ask for the password too. Signed checklists are read-only; re-opening one creates a new revision.
        </p>
      </header>
      <div className="grid items-start gap-4 lg:grid-cols-[300px_minmax(0,1fr)]">
        <EventsPanel selectedId={selectedId} canOpen={hasPlatformRole(role, ["sre"])} onSelect={select} />
        {selectedId ? (
          <EventDetailView id={selectedId} />
        ) : (
          <Panel title="Checklists" isLoading={events.isLoading} isEmpty emptyText="Select or open a scaling event to see its pre-scaling, implementation and post-scaling checklists." minHeight={600}>
            {null}
          </Panel>
        )}
      </div>
    </section>
  );
}

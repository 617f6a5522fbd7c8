"use client";

import { useState, type FormEvent } from "react";
import { Panel } from "@/components/ops/panel";
import { ProgressBar } from "./progress-bar";
import { fieldErrorOf, useOpenEvent, useScalingEvents } from "./queries";

function OpenEventForm({ onOpened }: { onOpened: (id: string) => void }) {
  const open = useOpenEvent();
  const [reason, setReason] = useState("");
  const reasonError = fieldErrorOf(open.error, "json.reason");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate(reason, {
      onSuccess: (detail) => {
        setReason("");
        onOpened(detail.event.id);
      },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Open a scaling event" className="mb-3 flex flex-col gap-2">
      <label className="flex flex-col gap-1 text-xs">
        New scaling event: what is changing and why
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} aria-invalid={reasonError ? true : undefined} className="rounded border border-line bg-surface px-2 py-1 text-sm" />
        {reasonError ? <span className="text-danger">{reasonError}</span> : null}
      </label>
      <button type="submit" disabled={open.isPending} className="self-start rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink disabled:opacity-50">
        {open.isPending ? "Opening…" : "Open scaling event"}
      </button>
      {open.error && !reasonError ? (
        <p role="alert" className="text-xs text-danger">
          {open.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** Scaling events newest first, each with its progress; a click selects one. */
export function EventsPanel({ selectedId, canOpen, onSelect }: { selectedId: string | null; canOpen: boolean; onSelect: (id: string) => void }) {
  const events = useScalingEvents();
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Panel
      title="Scaling events"
      isLoading={events.isLoading}
      error={events.error?.message}
      isEmpty={!events.isLoading && items.length === 0 && !canOpen}
      emptyText="No scaling events yet. An SRE opens one here, and the emergency scale-up opens one by itself."
      onRetry={() => void events.refetch()}
      minHeight={200}
    >
      {canOpen ? <OpenEventForm onOpened={onSelect} /> : null}
      {items.length === 0 ? <p className="text-xs text-muted">No scaling events yet: open one above before a scaling change, or run the emergency scale-up.</p> : null}
      <ul className="space-y-1" aria-label="Scaling events">
        {items.map((event) => (
          <li key={event.id}>
            <button
              type="button"
              onClick={() => onSelect(event.id)}
              aria-current={event.id === selectedId ? "true" : undefined}
              className={`w-full rounded-md border px-2 py-1.5 text-left text-sm ${event.id === selectedId ? "border-accent bg-accent/10" : "border-transparent hover:bg-surface"}`}
            >
              <span className="block truncate font-medium">{event.reason}</span>
              <span className="block text-xs text-muted" title={new Date(event.openedAt).toLocaleString()}>
                {event.source} · {event.openedBy} · {new Date(event.openedAt).toLocaleDateString()} · {event.progress.signed}/{event.progress.checklists} signed
              </span>
              <ProgressBar done={event.progress.done} total={event.progress.total} label={`${event.reason} progress`} />
            </button>
          </li>
        ))}
      </ul>
      {events.hasNextPage ? (
        <button type="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage} className="mt-2 rounded-md border border-line px-3 py-1 text-xs">
          {events.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </Panel>
  );
}

"use client";

import { useState } from "react";
import { Panel } from "@/components/ops/panel";
import { LiveStatus } from "@/components/ops/live-status";
import type { LiveSizingOutput } from "@/lib/sizing/schemas";
import { useLiveSizing } from "./queries";

const TIERS = ["small", "medium", "large"] as const;
type Tier = (typeof TIERS)[number];

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });

function describeHeadroom(headroom: LiveSizingOutput["headroom"], tier: string): string {
  switch (headroom.kind) {
    case "top-tier":
      return "Already the largest tier: scale within it (the HPA's 5–10 instances).";
    case "no-trend":
      return `No trend yet: ${headroom.reason}. The sampler records active users every interval; a week of history gives a forecast.`;
    case "not-growing":
      return `Active users are not growing (${headroom.perDay.toFixed(1)} a day over the last 7 days): the ${tier} tier holds.`;
    case "already-over":
      return `Active users are past the ${tier} tier's ${headroom.threshold}: move to the next tier.`;
    case "crossing":
      return `At +${headroom.perDay.toFixed(1)} active users a day (linear fit over 7 days), the ${tier} tier's ${headroom.threshold} is crossed around ${day(headroom.at)} (range ${day(headroom.earliest)} – ${headroom.latest ? day(headroom.latest) : "never"}).`;
  }
}

function LiveTier({ data }: { data: LiveSizingOutput }) {
  const { activeUsers, sizing } = data;
  return (
    <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
      <div>
        <dt className="text-xs text-muted">Tier (guide)</dt>
        <dd className="text-2xl font-semibold capitalize" data-testid="live-tier">{sizing.tier}</dd>
        <dd className="text-xs text-muted">{`${sizing.recommended.activeUsers.min}–${sizing.recommended.activeUsers.max ?? "∞"} active users`}</dd>
      </div>
      {(
        [
          ["last5m", "Active users, 5 min"],
          ["last1h", "Active users, 1 h"],
          ["last24h", "Active users, 24 h (sizes the tier)"],
        ] as const
      ).map(([key, label]) => (
        <div key={key}>
          <dt className="text-xs text-muted">{label}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`active-users-${key}`}>{activeUsers[key]}</dd>
        </div>
      ))}
      <div>
        <dt className="text-xs text-muted">Request rate</dt>
        <dd className="text-2xl font-semibold tabular-nums">{data.requestRatePerSecond === null ? "—" : `${data.requestRatePerSecond.toFixed(1)} req/s`}</dd>
      </div>
    </dl>
  );
}

function Changes({ changes }: { changes: LiveSizingOutput["sizing"]["changes"] }) {
  if (changes.length === 0) return <p className="text-sm text-ok">Nothing to change: what runs matches the tier.</p>;
  return (
    <ul className="space-y-1 font-mono text-xs" data-testid="sizing-diff">
      {changes.map((change) => (
        <li key={change.item} className="rounded bg-surface px-2 py-1">
          <span className="text-danger">- {change.item}: {change.current ?? "unknown"}</span>
          <br />
          <span className="text-ok">+ {change.item}: {change.recommended}</span> <span className="text-muted"># {change.reason}</span>
        </li>
      ))}
    </ul>
  );
}

function Exports({ initialTier }: { initialTier: Tier }) {
  const [tier, setTier] = useState<Tier>(initialTier);
  const links = [
    { label: "Kubernetes (Deployment, Service, HPA)", href: `/api/v1/ops/exports/kubernetes?tier=${tier}` },
    { label: "postgresql.conf", href: `/api/v1/ops/exports/postgresql?tier=${tier}` },
    { label: "nginx.conf", href: "/api/v1/ops/exports/nginx" },
  ];
  return (
    <div className="space-y-2 text-sm">
      <label className="flex items-center gap-2">
        <span className="text-xs text-muted">Tier</span>
        <select value={tier} onChange={(event) => setTier(event.target.value as Tier)} className="rounded border border-line bg-panel px-2 py-1">
          {TIERS.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      <ul className="space-y-1">
        {links.map((link) => (
          <li key={link.label}>
            <a className="underline" href={link.href} download>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
      <p className="text-xs text-muted">The Kubernetes HPA ranges the tier's instances (small 2, medium 3–5, large 5–10); every export is checked in CI (autoscaling/v2 schema, nginx -t).</p>
    </div>
  );
}

/** The guide's sizing for the live load: tier, what to change, headroom, and the files to apply. */
export function SizingView() {
  const query = useLiveSizing();
  const error = query.error ? query.error.message : null;
  const data = query.data;
  return (
    <section className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">Sizing</h1>
        <LiveStatus updatedAt={query.dataUpdatedAt} error={error} />
      </header>
      <Panel title="Live tier" isLoading={query.isLoading} error={error} isEmpty={!data} onRetry={() => void query.refetch()} minHeight={140}>
        {data ? <LiveTier data={data} /> : null}
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Headroom" subtitle="at the last 7 days' growth" isLoading={query.isLoading} error={error} isEmpty={!data} onRetry={() => void query.refetch()} minHeight={140}>
          {data ? (
            <p className="text-sm" data-testid="headroom">
              {describeHeadroom(data.headroom, data.sizing.tier)}
            </p>
          ) : null}
        </Panel>
        <Panel title="What to change" subtitle="current → the tier's" isLoading={query.isLoading} error={error} isEmpty={!data} onRetry={() => void query.refetch()} minHeight={140}>
          {data ? <Changes changes={data.sizing.changes} /> : null}
        </Panel>
        <Panel title="Exports" isLoading={query.isLoading} error={error} isEmpty={!data} onRetry={() => void query.refetch()} minHeight={140}>
          {data ? <Exports initialTier={data.sizing.tier} /> : null}
        </Panel>
      </div>
    </section>
  );
}

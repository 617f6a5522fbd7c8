import type { ReactNode } from "react";
import { StateBadge } from "@/components/ops/state-badge";
import type { DetectorCard as Card } from "@/lib/diagnostics/sampler";

/** One detector: state with its reasons, the thresholds, the guide's advice, evidence and actions. */
export function DetectorCard<E>({ title, card, chart, evidence, actions }: { title: string; card: Card<E>; chart: ReactNode; evidence: ReactNode; actions?: ReactNode }) {
  const headingId = `detector-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section className="space-y-3 rounded-lg border border-line bg-panel p-4" aria-labelledby={headingId} data-testid={headingId}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">
          {title}
        </h2>
        <div className="flex items-center gap-2 text-xs text-muted">
          {card.incident ? <span>since {new Date(card.incident.startedAt).toLocaleTimeString()}</span> : null}
          <StateBadge state={card.state} />
        </div>
      </header>
      {card.reasons.length > 0 ? (
        <ul className="list-disc pl-5 text-sm">
          {card.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">No threshold is breached.</p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <div>{chart}</div>
        <div className="space-y-2">
          <div className="overflow-x-auto">
            <table className="w-full text-xs">
              <caption className="sr-only">Thresholds</caption>
              <thead className="text-left text-muted">
                <tr>
                  <th className="py-1 font-medium">Threshold</th>
                  <th className="py-1 font-medium">Warning</th>
                  <th className="py-1 font-medium">Critical</th>
                </tr>
              </thead>
              <tbody>
                {card.thresholds.map((threshold) => (
                  <tr key={threshold.label} className="border-t border-line">
                    <td className="py-1 pr-2">{threshold.label}</td>
                    <td className="py-1 pr-2 tabular-nums">{threshold.warning}</td>
                    <td className="py-1 tabular-nums">{threshold.critical}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs leading-relaxed">{card.guideText}</p>
        </div>
      </div>
      <div className="overflow-x-auto">{evidence}</div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Remedies</summary>
        <ul className="mt-1 space-y-1 pl-4">
          {card.remedies.map((remedy) => (
            <li key={remedy.title}>
              <span className="font-medium">{remedy.title}:</span> {remedy.detail}
            </li>
          ))}
        </ul>
      </details>
      {card.history.length > 0 ? (
        <p className="text-xs text-muted">
          Past incidents: {card.history.slice(0, 5).map((incident) => `${incident.worstState} ${new Date(incident.startedAt).toLocaleTimeString()}–${incident.endedAt ? new Date(incident.endedAt).toLocaleTimeString() : ""}`).join(" · ")}
        </p>
      ) : null}
      {actions ? <div className="rounded-md border border-danger/40 p-3">{actions}</div> : null}
    </section>
  );
}

import type { ThresholdState } from "@/lib/metrics/signals";
import type { DatabaseStatus } from "./queries";
import { StateBadge } from "./state-badge";

type Mode = DatabaseStatus["synchronousMode"];

/** What a commit waits for now, in words, and how worried to be about it. */
function describeMode(mode: Mode): { state: ThresholdState; headline: string; detail: string } {
  if (mode.configured === "async") {
    return { state: "no-data", headline: "Asynchronous", detail: "A commit does not wait for the replica: a failover may lose the writes it had not received yet." };
  }
  const wanted = `Synchronous (${mode.configured === "remote_apply" ? "remote_apply: replayed on the replica" : "on: flushed on the replica"}, ${mode.strict ? "strict" : "not strict"})`;
  if (mode.isStandbySynchronous === null) return { state: "no-data", headline: wanted, detail: `The primary did not answer: ${mode.error ?? "unknown error"}` };
  if (mode.isStandbySynchronous) return { state: "ok", headline: wanted, detail: `In force: every acknowledged commit is on ${mode.standbyNames}. A promotion loses nothing.` };
  if (mode.isDegraded) return { state: "warning", headline: wanted, detail: "Degraded to asynchronous: the synchronous standby is away. It is restored once the standby streams again." };
  if (mode.standbyNames) return { state: "critical", headline: wanted, detail: `No synchronous standby streams: writes wait until ${mode.standbyNames} is back.` };
  return { state: "warning", headline: wanted, detail: "The primary names no synchronous standby: commits do not wait for the replica." };
}

/** The replication mode in force, one line above the panels. */
export function ReplicationMode({ mode }: { mode: Mode }) {
  const { state, headline, detail } = describeMode(mode);
  return (
    <section aria-label="Replication mode" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-line bg-panel px-4 py-2 text-sm" data-testid="replication-mode">
      <h2 className="font-semibold">Replication mode</h2>
      <span>{headline}</span>
      {state === "no-data" ? null : <StateBadge state={state} />}
      <span className="text-xs text-muted">{detail}</span>
    </section>
  );
}

import type { EventDetail, ItemOutput, RunOutput } from "./schemas";

// The Markdown export of a scaling event. Pure: no I/O, no clock.

const escape = (text: string) => text.replace(/([\\`*_[\]<>|])/g, "\\$1").replace(/\r?\n/g, " ");

function itemLine(item: ItemOutput): string[] {
  const lines = [`- [${item.done ? "x" : " "}] ${escape(item.label)}${item.done && item.doneBy ? ` — ${escape(item.doneBy)}, ${item.doneAt}` : ""}`];
  if (item.verification) {
    const { detail, query, at, passed } = item.verification;
    lines.push(`  - verified ${passed ? "✓" : "✗"} at ${at}: ${escape(detail)} (${escape(query)})`);
  }
  if (item.note) lines.push(`  - note: ${escape(item.note)}`);
  if (item.link) lines.push(`  - link: <${item.link}>`);
  if (item.metrics) lines.push(`  - metrics at ${item.metrics.at}: ${item.metrics.metrics.map((metric) => `${metric.label} ${metric.value ?? "no data"}`).join("; ")}`);
  return lines;
}

function runSection(run: RunOutput, isCurrent: boolean): string[] {
  const status = run.status === "signed" ? `signed by ${escape(run.signedBy ?? "?")} at ${run.signedAt}; evidence sha256 \`${run.evidenceDigest}\`` : "open";
  return [
    `### ${escape(run.title)} — revision ${run.revision}${isCurrent ? "" : " (superseded)"}`,
    "",
    `${run.progress.done}/${run.progress.total} done; ${status}`,
    ...(run.reopenReason ? ["", `Re-opened by ${escape(run.openedBy)} at ${run.openedAt}: ${escape(run.reopenReason)}`] : []),
    "",
    ...run.items.flatMap(itemLine),
    "",
  ];
}

export function renderEventMarkdown(detail: EventDetail): string {
  const { event, progress } = detail;
  return [
    `# Scaling event: ${escape(event.reason)}`,
    "",
    `Opened ${event.openedAt} by ${escape(event.openedBy)} (${event.source}). Progress: ${progress.done}/${progress.total} items, ${progress.signed}/${progress.checklists} checklists signed.`,
    "",
    ...detail.checklists.flatMap((checklist) => [
      `## ${escape(checklist.title)}`,
      "",
      ...[...checklist.history].reverse().flatMap((run) => runSection(run, run.id === checklist.current.id)),
    ]),
  ].join("\n");
}

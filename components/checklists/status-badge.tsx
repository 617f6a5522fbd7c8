const STYLES = {
  open: { label: "Open", className: "bg-warn/20 text-ink" },
  signed: { label: "Signed · read-only", className: "bg-ok/15 text-ok" },
} as const;

export function RunStatusBadge({ status }: { status: keyof typeof STYLES }) {
  const style = STYLES[status];
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>{style.label}</span>;
}

import type { TenantModuleOutput } from "@/lib/modules/schemas";

type Status = TenantModuleOutput["status"] | "not-activated";

const STYLES: Record<Status, { label: string; className: string }> = {
  active: { label: "Active", className: "bg-ok/15 text-ok" },
  pending: { label: "Starting", className: "bg-warn/20 text-ink" },
  failed: { label: "Failed", className: "bg-danger/15 text-danger" },
  inactive: { label: "Inactive", className: "bg-line text-muted" },
  "not-activated": { label: "Not activated", className: "bg-surface text-muted border border-line" },
};

/** A module's lifecycle state in words and colour (never colour alone). */
export function LifecycleBadge({ status }: { status: Status | null }) {
  const style = STYLES[status ?? "not-activated"];
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>
      {status === "pending" ? <span className="inline-block size-1.5 animate-pulse rounded-full bg-warn" aria-hidden /> : null}
      {style.label}
    </span>
  );
}

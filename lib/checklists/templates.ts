// The scalability guide's "Deployment Scaling Checklist" as templates. Pure: the page imports it.

export const CHECKLIST_KINDS = ["pre_scaling", "implementation", "post_scaling"] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];

/** Items the system verifies from live data instead of taking a tick (lib/checklists/checks.ts). */
export const CHECK_IDS = ["autoscaling-simulation", "alert-rules", "load-test-after-change", "drill-after-change"] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type TemplateItem = { key: string; label: string; check?: CheckId };
export type ChecklistTemplate = { kind: ChecklistKind; title: string; items: readonly TemplateItem[] };

export const CHECKLIST_TEMPLATES: readonly ChecklistTemplate[] = [
  {
    kind: "pre_scaling",
    title: "Pre-scaling validation",
    items: [
      { key: "metrics-analyzed", label: "Current performance metrics analyzed" },
      { key: "bottlenecks-identified", label: "Bottlenecks identified and prioritized" },
      { key: "strategy-documented", label: "Scaling strategy defined and documented" },
      { key: "resources-calculated", label: "Resource requirements calculated" },
      { key: "budget-approved", label: "Budget approval obtained" },
    ],
  },
  {
    kind: "implementation",
    title: "Scaling implementation",
    items: [
      { key: "infrastructure-provisioned", label: "Infrastructure provisioned according to plan" },
      { key: "load-balancer-updated", label: "Load balancer configuration updated" },
      { key: "database-scaled", label: "Database scaling implemented (replicas, connection pooling)" },
      { key: "caching-deployed", label: "Caching strategy deployed and configured" },
      { key: "autoscaling-tested", label: "Auto-scaling policies configured and tested", check: "autoscaling-simulation" },
      { key: "monitoring-updated", label: "Monitoring and alerting updated for new scale", check: "alert-rules" },
    ],
  },
  {
    kind: "post_scaling",
    title: "Post-scaling validation",
    items: [
      { key: "benchmarks-rerun", label: "Performance benchmarks re-run and validated", check: "load-test-after-change" },
      { key: "autoscaling-under-load", label: "Auto-scaling behavior tested under load" },
      { key: "failover-tested", label: "Failover scenarios tested", check: "drill-after-change" },
      { key: "cost-reviewed", label: "Cost optimization review completed" },
      { key: "documentation-updated", label: "Documentation updated with new architecture" },
    ],
  },
];

export function findTemplate(kind: ChecklistKind): ChecklistTemplate {
  const template = CHECKLIST_TEMPLATES.find((candidate) => candidate.kind === kind);
  if (!template) throw new Error(`no checklist template ${kind}`); // the enum and this list disagree: a bug
  return template;
}

export function findTemplateItem(kind: ChecklistKind, key: string): TemplateItem | undefined {
  return findTemplate(kind).items.find((item) => item.key === key);
}

/** What each check looks at, shown next to auto-verified items. */
export const CHECK_DESCRIPTIONS: Record<CheckId, string> = {
  "autoscaling-simulation": "The current autoscaling policy replayed through the HPA over the last hour of metric history",
  "alert-rules": "Enabled threshold rules exist for CPU, memory, DB pool and p95 latency",
  "load-test-after-change": "A load test recorded after the scaling event opened, with p95 ≤ 2 s and errors ≤ 1 %",
  "drill-after-change": "A successful promotion or replica-failure drill recorded after the scaling event opened",
};

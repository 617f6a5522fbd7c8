import { describe, expect, test } from "vitest";
import { renderEventMarkdown } from "./markdown";
import type { EventDetail, RunOutput } from "./schemas";

const run = (overrides: Partial<RunOutput>): RunOutput => ({
  id: "00000000-0000-4000-8000-000000000001",
  eventId: "00000000-0000-4000-8000-0000000000e1",
  kind: "post_scaling",
  title: "Post-scaling validation",
  revision: 1,
  status: "open",
  openedAt: "2026-11-27T10:00:00.000Z",
  openedBy: "sre@agency.test",
  reopenReason: null,
  signedAt: null,
  signedBy: null,
  evidenceDigest: null,
  digestMatches: null,
  signAuditId: null,
  progress: { done: 1, total: 2 },
  openItems: ["cost-reviewed"],
  items: [
    {
      key: "failover-tested",
      label: "Failover scenarios tested",
      check: "drill-after-change",
      checkDescription: "drill",
      done: true,
      doneAt: "2026-11-27T10:05:00.000Z",
      doneBy: "sre@agency.test",
      note: "stopped *replica1*\nreads moved",
      link: "https://wiki.example/drill",
      metrics: null,
      verification: { check: "drill-after-change", description: "d", query: "latest drill", window: null, value: null, passed: true, detail: "replica failure drill ok", at: "2026-11-27T10:05:00.000Z" },
    },
    { key: "cost-reviewed", label: "Cost optimization review completed", check: null, checkDescription: null, done: false, doneAt: null, doneBy: null, note: null, link: null, metrics: null, verification: null },
  ],
  ...overrides,
});

describe("renderEventMarkdown", () => {
  test("lists every revision newest first with items, evidence and sign-off, escaping Markdown in user text", () => {
    const signed = run({ status: "signed", signedBy: "manager@agency.test", signedAt: "2026-11-27T11:00:00.000Z", evidenceDigest: "ab".repeat(32), progress: { done: 2, total: 2 } });
    const reopened = run({ id: "00000000-0000-4000-8000-000000000002", revision: 2, reopenReason: "costs | changed", openedBy: "manager@agency.test" });
    const detail: EventDetail = {
      event: { id: signed.eventId, reason: "Launch: 2 → 3 instances", source: "manual", openedAt: "2026-11-27T09:00:00.000Z", openedBy: "sre@agency.test", details: null },
      progress: { done: 1, total: 2, signed: 0, checklists: 1 },
      checklists: [{ kind: "post_scaling", title: "Post-scaling validation", current: reopened, history: [signed, reopened] }],
      permissions: { canEdit: true, editReason: null, canSignOff: false, signOffReason: "x", canReopen: true },
      recentDrills: [],
      recentLoadTests: [],
    };

    const markdown = renderEventMarkdown(detail);

    expect(markdown.indexOf("revision 2")).toBeLessThan(markdown.indexOf("revision 1 (superseded)"));
    expect(markdown).toContain(`2/2 done; signed by manager@agency.test at 2026-11-27T11:00:00.000Z; evidence sha256 \`${"ab".repeat(32)}\``);
    expect(markdown).toContain("Re-opened by manager@agency.test at 2026-11-27T10:00:00.000Z: costs \\| changed");
    expect(markdown).toContain("- [x] Failover scenarios tested — sre@agency.test, 2026-11-27T10:05:00.000Z");
    expect(markdown).toContain("  - verified ✓ at 2026-11-27T10:05:00.000Z: replica failure drill ok (latest drill)");
    expect(markdown).toContain("  - note: stopped \\*replica1\\* reads moved");
    expect(markdown).toContain("- [ ] Cost optimization review completed");
  });
});

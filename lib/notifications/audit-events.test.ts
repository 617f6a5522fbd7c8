import { describe, expect, test } from "vitest";
import { eventFromAuditEntry, type AuditEntryView } from "./audit-events";

const entry = (action: string, fields: Partial<AuditEntryView> = {}): AuditEntryView => ({
  seq: 42n,
  at: new Date("2026-12-08T03:00:00.000Z"),
  actorUserId: "user-sre",
  actorEmail: "sre@agency.test",
  action,
  target: "override:7",
  before: null,
  after: null,
  ...fields,
});

describe("which audit entries notify whom", () => {
  test("an override reminder is a warning for its owner only", () => {
    const event = eventFromAuditEntry(entry("override.reminder", { after: { owner: "sre@agency.test", kind: "circuit-breaker", scope: "global", expiresAt: "2026-12-08T03:10:00.000Z" } }));
    expect(event).toMatchObject({
      key: "audit:42",
      kind: "override.reminder",
      severity: "warning",
      title: "Your circuit-breaker override (global) lapses soon",
      body: "It ends at 2026-12-08 03:10 UTC unless you extend it or end it yourself.",
      recipients: { userIds: ["user-sre"], roles: [] },
      link: "/ops/emergency",
    });
  });

  test("an expiry tells the owner, as info", () => {
    expect(eventFromAuditEntry(entry("override.expire", { after: { kind: "min-instances", scope: "app" } }))).toMatchObject({ kind: "override.expired", severity: "info", recipients: { userIds: ["user-sre"] } });
  });

  test("a run waiting for approval goes to the other sres and admins, not its requester", () => {
    const event = eventFromAuditEntry(entry("procedure_run.request", { target: "procedure_run:9", before: { procedure: "replica-promotion" }, after: { status: "awaiting_approval" } }));
    expect(event).toMatchObject({ kind: "approval.requested", title: "replica-promotion waits for a second approver", recipients: { roles: ["sre", "admin"], exceptUserIds: ["user-sre"] } });
  });

  test("a run that starts at once asks nobody", () => {
    expect(eventFromAuditEntry(entry("procedure_run.request", { after: { status: "requested" } }))).toBeNull();
  });

  test.each([
    ["procedure_run.succeed", "info", "cache-warm succeeded"],
    ["procedure_run.fail", "warning", "cache-warm failed"],
    ["procedure_run.abandon", "warning", "cache-warm was abandoned"],
  ])("%s tells the requester (%s)", (action, severity, title) => {
    expect(eventFromAuditEntry(entry(action, { before: { procedure: "cache-warm" }, after: {} }))).toMatchObject({ kind: "procedure.result", severity, title, recipients: { userIds: ["user-sre"] } });
  });

  test("a ticked checklist item asks the managers (and admins) to sign off, not whoever ticked it", () => {
    const event = eventFromAuditEntry(entry("checklist.item_done", { target: "checklist_run:3/budget-approved" }));
    expect(event).toMatchObject({ kind: "checklist.sign_off_waiting", title: "Checklist item “budget-approved” waits for sign-off", recipients: { roles: ["manager", "admin"], exceptUserIds: ["user-sre"] } });
  });

  test("other actions notify nobody", () => {
    expect(eventFromAuditEntry(entry("scaling_rule.update"))).toBeNull();
  });
});

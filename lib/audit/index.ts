// The audit log's public surface: one append-only write, called inside the changing transaction.
export { recordAudit } from "./repo";
export type { AuditEntryInput, AuditEntryRef } from "./repo";

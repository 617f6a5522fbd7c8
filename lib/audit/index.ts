// The audit log's public surface: one append-only write, called inside the changing
// transaction; the refusal and sign-in recorders; the chain check; the ops API.
export { recordAudit } from "./repo";
export type { AuditEntryInput, AuditEntryRef } from "./repo";
export { recordRefusedAccess } from "./refusals";
export { assertActionRate, type ActionRate } from "./action-rate";
export { recordSignInAttempts } from "./sign-in";
export { describeVerification, verifyAuditChain } from "./verify";
export type { ChainVerification } from "./verify";
export { registerAuditRoutes } from "./routes";
export { registerTenantAuditRoutes } from "./tenant-routes";

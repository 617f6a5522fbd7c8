import { recordAudit } from "@/lib/audit";
import { cache } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { UnavailableError, ValidationError } from "@/lib/http/errors";
import { processSingleton } from "@/lib/process-singleton";
import { previewBackendAction, runBackendAction, type BackendAction } from "./backend-actions";
import { DiagnosticsSampler, type DiagnosticsReport } from "./sampler";

/**
 * This instance's sampler, started with the instance (the leak rule needs minutes of history)
 * or, failing that, by the first diagnostics request; the sample interval defaults to 5 s. It
 * watches the process's cache (the same one the request path reads through).
 */
function sampler(): DiagnosticsSampler {
  // The primary writes go to now, not DATABASE_URL: after a promotion the probes follow it.
  return processSingleton("diagnostics.sampler", () => new DiagnosticsSampler({ databaseUrl: () => db().primaryUrl(), cache: cache() }));
}

export function startDiagnostics(): { stop(): Promise<void> } {
  const current = sampler();
  current.start();
  return { stop: () => current.stop() };
}

export async function getDiagnostics(): Promise<DiagnosticsReport> {
  const current = sampler();
  if (!current.isRunning) {
    current.start();
    await current.tick();
  }
  const report = current.report();
  if (!report) throw new UnavailableError("diagnostics have not been sampled yet", Math.ceil(current.intervalMs / 1000));
  return report;
}

export function previewBlockerAction(pid: number, action: BackendAction) {
  return previewBackendAction(sampler().connection, pid, action);
}

/**
 * Cancels or terminates a blocking backend. The audit entry is written first: an action that
 * cannot be recorded is not taken.
 */
export async function actOnBlocker(input: { pid: number; action: BackendAction; confirmPid: number; actorEmail: string; actorUserId: string; requestId: string }) {
  if (input.confirmPid !== input.pid) throw new ValidationError(`type the pid ${input.pid} to confirm`);
  const preview = await previewBackendAction(sampler().connection, input.pid, input.action);
  await db().primary.$transaction((tx) =>
    recordAudit(tx, {
      actorUserId: input.actorUserId,
      actorEmail: input.actorEmail,
      tenantId: null,
      action: `diagnostics.backend_${input.action}`,
      target: `backend:${input.pid}`,
      before: { applicationName: preview.session.applicationName, query: preview.session.query, unblocks: preview.unblocks.map((session) => session.pid) },
      after: { action: input.action },
      requestId: input.requestId,
    }),
  );
  const result = await runBackendAction(sampler().connection, input);
  // Sample now, so the page shows the chain gone without waiting for the next interval.
  await sampler().tick();
  return result;
}

import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/http/errors";
import { processSingleton } from "@/lib/process-singleton";
import { previewBackendAction, runBackendAction, type BackendAction } from "./backend-actions";
import { DiagnosticsSampler, type DiagnosticsReport } from "./sampler";

/**
 * This instance's sampler, started with the instance (the leak rule needs minutes of history)
 * or, failing that, by the first diagnostics request; the sample interval defaults to 5 s.
 */
function sampler(): DiagnosticsSampler {
  return processSingleton("diagnostics.sampler", () => new DiagnosticsSampler({ databaseUrl: env().DATABASE_URL }));
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

export async function actOnBlocker(input: { pid: number; action: BackendAction; confirmPid: number; actorEmail: string }) {
  const result = await runBackendAction(sampler().connection, input);
  // Sample now, so the page shows the chain gone without waiting for the next interval.
  await sampler().tick();
  return result;
}

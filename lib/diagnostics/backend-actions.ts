import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { logger } from "@/lib/logging/logger";
import { buildChains, type BlockedSession, type Session } from "./locks/detect";
import { readBlocking } from "./locks/probe";
import type { Queryable } from "./postgres";

export type BackendAction = "cancel" | "terminate";

export type BackendActionPreview = {
  pid: number;
  action: BackendAction;
  session: Session;
  /** The sessions waiting behind it, which should proceed once it is gone. */
  unblocks: BlockedSession[];
  effect: string;
};

const EFFECT: Record<BackendAction, string> = {
  cancel: "pg_cancel_backend: cancels the session's running statement; an idle-in-transaction session keeps its locks.",
  terminate: "pg_terminate_backend: closes the session; its open transaction is rolled back and its locks are released.",
};

/** Only a session at the head of a blocking chain in this database, checked now, may be acted on. */
export async function previewBackendAction(sql: Queryable, pid: number, action: BackendAction): Promise<BackendActionPreview> {
  const chain = buildChains(await readBlocking(sql)).find((candidate) => candidate.root.pid === pid);
  if (!chain) throw new NotFoundError(`pid ${pid} is not blocking any session in this database now`);
  return { pid, action, session: chain.root, unblocks: chain.waiting, effect: EFFECT[action] };
}

export type BackendActionResult = { pid: number; action: BackendAction; signalled: boolean; at: string; actor: string };

/**
 * Runs a previewed cancel/terminate once the caller has typed the pid again, and logs it as an
 * audit line with the actor (until the audit table records these too).
 */
export async function runBackendAction(
  sql: Queryable,
  input: { pid: number; action: BackendAction; confirmPid: number; actorEmail: string },
  now = new Date(),
): Promise<BackendActionResult> {
  if (input.confirmPid !== input.pid) throw new ValidationError(`type the pid ${input.pid} to confirm`);
  const preview = await previewBackendAction(sql, input.pid, input.action);
  const fn = input.action === "cancel" ? "pg_cancel_backend" : "pg_terminate_backend";
  const { rows } = await sql.query<{ signalled: boolean }>(`select ${fn}($1) as signalled`, [input.pid]);
  const signalled = rows[0]?.signalled === true;
  logger.info("audit", {
    audit: true,
    action: `diagnostics.backend.${input.action}`,
    actor: input.actorEmail,
    pid: input.pid,
    applicationName: preview.session.applicationName,
    query: preview.session.query,
    unblocked: preview.unblocks.map((session) => session.pid),
    signalled,
  });
  return { pid: input.pid, action: input.action, signalled, at: now.toISOString(), actor: input.actorEmail };
}

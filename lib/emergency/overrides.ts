import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { processSingleton } from "@/lib/process-singleton";
import { overrideBus } from "./override-bus";
import { findActiveOverrides, findOverrideForUpdate, insertOverride, markOverrideEnded, type OverrideRow } from "./override-repo";
import type { ProcedureActor } from "./procedure";

// Overrides: temporary departures from normal operation, each with an owner and an expiry so
// nothing stays switched on because someone forgot it. The sweeper (override-sweeper.ts, on the
// control loop) ends lapsed ones, runs the kind's expiry handler and reminds owners beforehand.

export const OVERRIDE_KINDS = ["circuit-breaker", "min-instances", "autoscaling-paused", "workflow-queue-paused"] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

export const DEFAULT_OVERRIDE_MINUTES = 60;

export type Override = {
  id: string;
  kind: OverrideKind;
  /** `global`, a feature area, or whatever the kind applies to. */
  scope: string;
  payload: Record<string, unknown>;
  owner: ProcedureActor;
  runId: string | null;
  createdAt: Date;
  expiresAt: Date;
  remindedAt: Date | null;
  endedAt: Date | null;
  endedBy: string | null;
  endReason: string | null;
};

export type CreateOverrideInput = {
  kind: OverrideKind;
  scope: string;
  owner: ProcedureActor;
  expiresAt: Date;
  payload: Record<string, unknown>;
  runId?: string;
  /** Recorded on the audit entry; the request or run that made the change. */
  requestId: string;
};

/** Who ends an override: a person, or the sweeper when it lapsed. */
export type OverrideEnder = { by: ProcedureActor | "expiry"; reason: string; requestId: string };

export function toOverride(row: OverrideRow): Override {
  return {
    id: row.id,
    kind: row.kind as OverrideKind,
    scope: row.scope,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    owner: { userId: row.ownerUserId, email: row.ownerEmail },
    runId: row.runId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    remindedAt: row.remindedAt,
    endedAt: row.endedAt,
    endedBy: row.endedBy,
    endReason: row.endReason,
  };
}

function auditView(override: Override): Prisma.InputJsonValue {
  return {
    kind: override.kind,
    scope: override.scope,
    payload: override.payload as Prisma.InputJsonValue,
    owner: override.owner.email,
    expiresAt: override.expiresAt.toISOString(),
    endedAt: override.endedAt?.toISOString() ?? null,
    endedBy: override.endedBy,
    endReason: override.endReason,
  };
}

/**
 * Starts an override inside the caller's transaction, with its audit entry. A second active
 * override of the same kind and scope is refused (409), enforced by a partial unique index.
 * Call `announceOverrideChange(kind)` after the transaction commits.
 */
export async function createOverride(tx: Prisma.TransactionClient, input: CreateOverrideInput): Promise<Override> {
  if (input.expiresAt.getTime() <= Date.now()) throw new ValidationError("an override must expire in the future");
  const [sameScope] = await findActiveOverrides(tx, new Date(), input.kind).then((rows) => rows.filter((row) => row.scope === input.scope));
  if (sameScope) throw new ConflictError(`a ${input.kind} override for ${input.scope} is already active (owner ${sameScope.ownerEmail}, until ${sameScope.expiresAt.toISOString()})`);
  // A lapsed row the sweeper has not reached yet still holds the unique slot: end it first.
  await tx.emergencyOverride.updateMany({
    where: { kind: input.kind, scope: input.scope, endedAt: null, expiresAt: { lte: new Date() } },
    data: { endedAt: new Date(), endedBy: "expiry", endReason: "lapsed before a new override of its scope" },
  });
  const row = await insertOverride(tx, {
    kind: input.kind,
    scope: input.scope,
    payload: input.payload as Prisma.InputJsonValue,
    ownerUserId: input.owner.userId,
    ownerEmail: input.owner.email,
    runId: input.runId ?? null,
    expiresAt: input.expiresAt,
  });
  const override = toOverride(row);
  await recordAudit(tx, {
    actorUserId: input.owner.userId,
    actorEmail: input.owner.email,
    tenantId: null,
    action: "override.create",
    target: `override:${override.id}`,
    before: null,
    after: auditView(override),
    requestId: input.requestId,
  });
  return override;
}

/**
 * Ends an active override inside the caller's transaction, with its audit entry; returns null
 * when it had already ended (a person and the sweeper raced). Call `announceOverrideChange`
 * after the commit.
 */
export async function endOverride(tx: Prisma.TransactionClient, id: string, ender: OverrideEnder): Promise<Override | null> {
  const current = await findOverrideForUpdate(tx, id);
  if (!current) throw new NotFoundError(`no override ${id}`);
  if (current.endedAt) return null;
  const endedBy = ender.by === "expiry" ? "expiry" : ender.by.email;
  const ended = toOverride(await markOverrideEnded(tx, id, new Date(), endedBy, ender.reason));
  const actor = ender.by === "expiry" ? { userId: ended.owner.userId, email: "system:override-expiry" } : ender.by;
  await recordAudit(tx, {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    tenantId: null,
    action: ender.by === "expiry" ? "override.expire" : "override.end",
    target: `override:${id}`,
    before: auditView(toOverride(current)),
    after: auditView(ended),
    requestId: ender.requestId,
  });
  return ended;
}

/** Overrides in force now (ended or lapsed ones excluded), oldest first; from the primary when it answers. */
export async function activeOverrides(kind?: OverrideKind): Promise<Override[]> {
  // Fresh, yet readable while the primary is down: the on-call needs to see what is switched on.
  return (await db().readFresh((client) => findActiveOverrides(client, new Date(), kind))).map(toOverride);
}

/** Tells every instance (Redis pub/sub; polling otherwise) that overrides of `kind` changed. */
export async function announceOverrideChange(kind: OverrideKind): Promise<void> {
  await overrideBus().announce(kind);
}

export type OverrideExpiredHandler = (override: Override) => Promise<void>;

const expiryHandlers = () => processSingleton("emergency-override-expiry-handlers", () => new Map<OverrideKind, OverrideExpiredHandler[]>());

/**
 * Runs `handler` when the sweeper (on the control-loop leader) ends a lapsed override of `kind`,
 * e.g. to restore the instance minimum. It runs before the end commits, and a failing handler
 * leaves the override to the next sweep, so a handler may run more than once: make it idempotent.
 */
export function onOverrideExpired(kind: OverrideKind, handler: OverrideExpiredHandler): () => void {
  const handlers = expiryHandlers();
  handlers.set(kind, [...(handlers.get(kind) ?? []), handler]);
  return () => handlers.set(kind, (handlers.get(kind) ?? []).filter((candidate) => candidate !== handler));
}

export function overrideExpiredHandlers(kind: OverrideKind): OverrideExpiredHandler[] {
  return expiryHandlers().get(kind) ?? [];
}

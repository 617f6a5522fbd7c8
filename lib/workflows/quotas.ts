import type { Prisma } from "@/generated/prisma/client";
import { TooManyRequestsError } from "@/lib/http/errors";

/*
 * What one tenant, and one person, may put in the shared queue. Both are checked inside the
 * start's transaction, before anything is written; a refusal names the limit and says when to
 * try again, and no other tenant's starts are touched.
 */

type Tx = Prisma.TransactionClient;

export type StartLimits = { tenantMaxWaiting: number; userRatePerSecond: number; userBurst: number };

/** Starts this close to a tenant's quota take the tenant's lock, so concurrent starts can't pass it. */
const TENANT_LOCK_MARGIN = 50;
/** A tenant at its waiting quota: workers take its runs at least this often (the poll bound). */
const TENANT_QUOTA_RETRY_AFTER_SECONDS = 5;

async function countTenantWaitingUpTo(tx: Tx, tenantId: string, cap: number): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from (select 1 from workflow_execution where "tenantId" = ${tenantId}::uuid and status = 'queued' limit ${cap}) q`;
  return row?.n ?? 0;
}

/** Refuses a start that would take the tenant past its waiting quota (429, Retry-After). */
export async function assertTenantWaitingQuota(tx: Tx, tenantId: string, maxWaiting: number): Promise<void> {
  let waiting = await countTenantWaitingUpTo(tx, tenantId, maxWaiting);
  if (waiting >= maxWaiting - TENANT_LOCK_MARGIN) {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended('workflow-tenant-quota:' || ${tenantId}, 0))`;
    waiting = await countTenantWaitingUpTo(tx, tenantId, maxWaiting);
  }
  if (waiting >= maxWaiting) {
    throw new TooManyRequestsError(
      `this organisation's workflow queue quota is reached (${maxWaiting} executions waiting, WORKFLOW_TENANT_MAX_WAITING); try again once some have started`,
      TENANT_QUOTA_RETRY_AFTER_SECONDS,
    );
  }
}

/**
 * One token bucket per person, in the database so every app instance shares it: refilled at
 * `rate` per second up to `burst`, one token per start. The row lock serialises one person's
 * concurrent starts only.
 */
export async function takeStartToken(tx: Tx, userId: string, rate: number, burst: number): Promise<void> {
  const [row] = await tx.$queryRaw<{ tokens: number }[]>`
    insert into workflow_start_bucket ("userId", tokens, "refilledAt") values (${userId}, ${burst - 1}::float8, now())
    on conflict ("userId") do update set
      tokens = least(${burst}::float8, workflow_start_bucket.tokens + extract(epoch from now() - workflow_start_bucket."refilledAt") * ${rate}) - 1,
      "refilledAt" = now()
    returning tokens`;
  const tokens = row?.tokens ?? 0;
  if (tokens < 0) {
    // The refusal rolls the transaction back, so a refused start costs no token.
    throw new TooManyRequestsError(
      `you are starting workflows faster than ${rate} per second (burst ${burst}, WORKFLOW_USER_START_RATE); slow down`,
      Math.max(1, Math.ceil((-tokens) / rate)),
    );
  }
}

import { recordAudit } from "@/lib/audit";
import type { DbAccess } from "@/lib/db/access";
import { env } from "@/lib/env";
import { listAllowedHosts, listDeniedHosts, lockList, replaceAllowedHosts, replaceDeniedHosts } from "./repo";
import type { AllowedHostsInput, AllowedHostsOutput, DeniedHostsInput, DeniedHostsOutput } from "./schemas";

/* Editing the egress policy: a tenant admin's allow-list, the platform's deny-list. Both audited. */

type Actor = { requestId: string; viewer: { user: { id: string; email: string } } };
type TenantCtx = Actor & { tenantId: string; db: DbAccess };
type PlatformCtx = Actor & { db: DbAccess };

const toAllowed = (hosts: string[]): AllowedHostsOutput => ({ hosts, mode: hosts.length === 0 ? "any_public_host" : "only_listed_hosts" });

/** From the primary: an admin who just saved the list must see it, not a replica's older copy. */
export async function getAllowedHosts(ctx: TenantCtx): Promise<AllowedHostsOutput> {
  return toAllowed(await listAllowedHosts(ctx.db.primary, ctx.tenantId));
}

export async function setAllowedHosts(ctx: TenantCtx, input: AllowedHostsInput): Promise<AllowedHostsOutput> {
  const hosts = [...input.hosts].sort();
  await ctx.db.primary.$transaction(async (tx) => {
    await lockList(tx, `allow:${ctx.tenantId}`);
    const before = await listAllowedHosts(tx, ctx.tenantId);
    await replaceAllowedHosts(tx, ctx.tenantId, hosts);
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: ctx.tenantId,
      action: "workflow.egress.allow_list.update",
      target: "workflow-egress:allow-list",
      before: { hosts: before },
      after: { hosts },
      requestId: ctx.requestId,
    });
  });
  return toAllowed(hosts);
}

export async function getDeniedHosts(ctx: PlatformCtx): Promise<DeniedHostsOutput> {
  return { hosts: await listDeniedHosts(ctx.db.primary), allowPrivate: env().WORKFLOW_EGRESS_ALLOW_PRIVATE };
}

export async function setDeniedHosts(ctx: PlatformCtx, input: DeniedHostsInput): Promise<DeniedHostsOutput> {
  const hosts = [...input.hosts].sort((a, b) => a.pattern.localeCompare(b.pattern));
  await ctx.db.primary.$transaction(async (tx) => {
    await lockList(tx, "deny");
    const before = await listDeniedHosts(tx);
    await replaceDeniedHosts(tx, hosts);
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "egress.deny_list.update",
      target: "egress:deny-list",
      before: { hosts: before },
      after: { hosts },
      requestId: ctx.requestId,
    });
  });
  return { hosts, allowPrivate: env().WORKFLOW_EGRESS_ALLOW_PRIVATE };
}

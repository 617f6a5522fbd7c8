import { recordAudit } from "@/lib/audit";
import type { TenantRole } from "@/lib/auth/roles";
import { cacheTags, invalidateTag } from "@/lib/cache";
import type { DbAccess } from "@/lib/db/access";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import type { Prisma } from "@/generated/prisma/client";
import * as repo from "./repo";
import { memberCursorSchema, type AddMemberInput, type ChangeMemberInput, type ListMembersInput, type MemberOutput } from "./schemas";

/** Only a tenant admin manages who belongs to the tenant. */
export const MEMBER_MANAGER_ROLES: readonly TenantRole[] = ["admin"];

type ReadCtx = { tenantId: string; db: DbAccess };
type WriteCtx = ReadCtx & { requestId: string; viewer: { user: { id: string; email: string } } };

export async function listMembers(ctx: ReadCtx, input: ListMembersInput): Promise<Page<MemberOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, memberCursorSchema)[0] : null;
  // From the primary: a member just added or removed shows as such on the page that did it.
  const rows = await repo.listMembers(ctx.db.primary, ctx.tenantId, after, input.limit + 1);
  return toPage(rows, input.limit, toMemberOutput, (row) => [row.user.email]);
}

/**
 * Gives an existing account a role in the tenant. Accounts are made by the platform (sign-up is
 * off), so an e-mail without one is a 404 that says so.
 */
export async function addMember(ctx: WriteCtx, input: AddMemberInput): Promise<MemberOutput> {
  const added = await ctx.db.primary.$transaction(async (tx) => {
    const user = await repo.findUserByEmail(tx, input.email);
    if (!user) throw new NotFoundError(`no account with the e-mail ${input.email}; accounts are created by the platform's operators`);
    if (await repo.findMember(tx, ctx.tenantId, user.id)) throw new ConflictError(`${input.email} is a member already; change their role instead`);
    const member = await repo.createMember(tx, ctx.tenantId, user.id, input.role);
    await audit(tx, ctx, "membership.add", member, null, { role: member.role });
    return member;
  });
  await invalidateTag(cacheTags.userAccess(added.user.id));
  return toMemberOutput(added);
}

/** A member's new role; the tenant always keeps at least one admin. */
export async function changeMemberRole(ctx: WriteCtx, userId: string, input: ChangeMemberInput): Promise<MemberOutput> {
  const { before, after } = await ctx.db.primary.$transaction(async (tx) => {
    const admins = await repo.lockAdmins(tx, ctx.tenantId);
    const current = await repo.findMember(tx, ctx.tenantId, userId);
    if (!current) throw notFound(userId);
    if (current.role === input.role) return { before: current, after: current };
    if (current.role === "admin") assertNotLastAdmin(admins, current);
    const updated = await repo.updateMemberRole(tx, ctx.tenantId, userId, input.role);
    await audit(tx, ctx, "membership.role_change", updated, { role: current.role }, { role: updated.role });
    return { before: current, after: updated };
  });
  if (after !== before) await invalidateTag(cacheTags.userAccess(userId));
  return toMemberOutput(after);
}

/**
 * Takes the account out of the tenant. Its sessions and API tokens lose the tenant on their next
 * request, on every instance (the cached access is dropped everywhere); the account itself stays.
 */
export async function removeMember(ctx: WriteCtx, userId: string): Promise<{ removed: MemberOutput }> {
  const removed = await ctx.db.primary.$transaction(async (tx) => {
    const admins = await repo.lockAdmins(tx, ctx.tenantId);
    const current = await repo.findMember(tx, ctx.tenantId, userId);
    if (!current) throw notFound(userId);
    if (current.role === "admin") assertNotLastAdmin(admins, current);
    await repo.deleteMember(tx, ctx.tenantId, userId);
    await audit(tx, ctx, "membership.remove", current, { role: current.role }, null);
    return current;
  });
  await invalidateTag(cacheTags.userAccess(userId));
  return { removed: toMemberOutput(removed) };
}

function assertNotLastAdmin(admins: string[], member: repo.MemberRow): void {
  if (admins.length <= 1 && admins[0] === member.user.id) {
    throw new ConflictError(`${member.user.email} is the tenant's last admin; make another member an admin first`);
  }
}

function notFound(userId: string): NotFoundError {
  return new NotFoundError(`no member ${userId} in this tenant`);
}

function audit(tx: Prisma.TransactionClient, ctx: WriteCtx, action: string, member: repo.MemberRow, before: { role: TenantRole } | null, after: { role: TenantRole } | null) {
  return recordAudit(tx, {
    actorUserId: ctx.viewer.user.id,
    actorEmail: ctx.viewer.user.email,
    tenantId: ctx.tenantId,
    action,
    target: `user:${member.user.id}`,
    before: before && { email: member.user.email, ...before },
    after: after && { email: member.user.email, ...after },
    requestId: ctx.requestId,
  });
}

function toMemberOutput(row: repo.MemberRow): MemberOutput {
  return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt.toISOString() };
}

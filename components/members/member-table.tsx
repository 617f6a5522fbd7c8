"use client";

import { InlineConfirm } from "@/components/ui/inline-confirm";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import type { TenantRole } from "@/lib/auth/roles";
import type { MemberOutput } from "@/lib/members/schemas";
import { useChangeMemberRole, useRemoveMember } from "./queries";

function RoleSelect({ member, isYou }: { member: MemberOutput; isYou: boolean }) {
  const change = useChangeMemberRole();
  return (
    <span className="inline-flex flex-col gap-1">
      <select
        value={change.isPending ? change.variables.role : member.role}
        disabled={change.isPending}
        onChange={(event) => change.mutate({ userId: member.userId, role: event.target.value as TenantRole })}
        aria-label={`Role of ${member.name}${isYou ? " (you)" : ""}`}
        className="rounded-md border border-line bg-panel px-1.5 py-0.5 text-sm focus-visible:outline-2 focus-visible:outline-accent"
      >
        <option value="member">Member</option>
        <option value="admin">Admin</option>
      </select>
      {change.error ? (
        <span role="alert" className="max-w-[16rem] text-xs text-danger">
          {change.error.message}
        </span>
      ) : null}
    </span>
  );
}

function RemoveButton({ member, isYou, tenantName }: { member: MemberOutput; isYou: boolean; tenantName: string }) {
  const remove = useRemoveMember();
  return (
    <InlineConfirm
      label="Remove"
      ariaLabel={`Remove ${member.name} from ${tenantName}`}
      confirmLabel="Remove now"
      confirmAriaLabel={`Confirm: remove ${member.name} now`}
      pendingLabel="Removing…"
      consequence={isYou ? `You lose access to ${tenantName} at once.` : `${member.name} loses access to ${tenantName} at once, API tokens included.`}
      isPending={remove.isPending}
      error={remove.error?.message ?? null}
      onConfirm={() => remove.mutate(member.userId)}
    />
  );
}

/** The tenant's members: role editable in place, removal after a confirmation that says what it does. */
export function MemberTable({ members, currentUserId, tenantName }: { members: MemberOutput[]; currentUserId: string; tenantName: string }) {
  const nowMs = useNow(60_000);
  return (
    <div className="max-h-[32rem] overflow-auto">
      <table className="w-full min-w-[40rem] text-sm">
        <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
          <tr>
            <th className="py-1 pr-3 font-medium">Name</th>
            <th className="py-1 pr-3 font-medium">E-mail</th>
            <th className="py-1 pr-3 font-medium">Role</th>
            <th className="py-1 pr-3 font-medium">Member since</th>
            <th className="py-1 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const isYou = member.userId === currentUserId;
            return (
              <tr key={member.userId} className="border-t border-line align-top">
                <td className="py-2 pr-3 font-medium">
                  {member.name}
                  {isYou ? <span className="text-xs font-normal text-muted"> (you)</span> : null}
                </td>
                <td className="py-2 pr-3 break-all">{member.email}</td>
                <td className="py-2 pr-3">
                  <RoleSelect member={member} isYou={isYou} />
                </td>
                <td className="py-2 pr-3">
                  <time dateTime={member.joinedAt} title={`${formatTimestamp(member.joinedAt)} (${member.joinedAt.replace("T", " ").slice(0, 19)} UTC)`}>
                    {formatRelative(member.joinedAt, nowMs)}
                  </time>
                </td>
                <td className="py-2 text-right">
                  <RemoveButton member={member} isYou={isYou} tenantName={tenantName} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

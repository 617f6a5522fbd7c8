"use client";

import { Panel } from "@/components/ops/panel";
import { AddMemberForm } from "./add-member-form";
import { MemberTable } from "./member-table";
import { useMembers } from "./queries";

function memberCount(count: number, more: boolean): string {
  return `${count}${more ? "+" : ""} ${count === 1 && !more ? "member" : "members"}`;
}

/** Who belongs to the tenant, for its admins: add an account, change a role, remove someone. */
export function MembersView({ tenantName, currentUserId }: { tenantName: string; currentUserId: string }) {
  const members = useMembers();
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="max-w-5xl space-y-4">
      <header className="space-y-1">
        <h1 className="text-xl font-semibold">Members of {tenantName}</h1>
        <p className="text-sm text-muted">
          Members use the tenant&apos;s templates, modules and workflows; admins also manage its library, its members and read its audit log. The tenant always keeps at least one admin. Every change is audited and counts on the person&apos;s next request.
        </p>
      </header>
      <section aria-label="Add a member" className="rounded-lg border border-line bg-panel p-4">
        <h2 className="mb-3 text-sm font-semibold">Add a member</h2>
        <AddMemberForm tenantName={tenantName} />
      </section>
      <Panel
        title="Members"
        subtitle={members.data ? memberCount(items.length, members.hasNextPage) : undefined}
        isLoading={members.isPending}
        error={members.error?.message ?? null}
        isEmpty={items.length === 0}
        emptyText="No members yet. Add an account by its e-mail above."
        onRetry={() => void members.refetch()}
        minHeight={240}
      >
        <MemberTable members={items} currentUserId={currentUserId} tenantName={tenantName} />
        {members.hasNextPage ? (
          <div className="mt-3 flex justify-center">
            <button
              type="button"
              onClick={() => void members.fetchNextPage()}
              disabled={members.isFetchingNextPage}
              className="rounded-md border border-line px-3 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-50"
            >
              {members.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </div>
        ) : null}
      </Panel>
    </div>
  );
}

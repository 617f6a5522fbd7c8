"use client";

import { InlineConfirm } from "@/components/ui/inline-confirm";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import type { ApiTokenOutput } from "@/lib/auth/api-tokens/schemas";
import { formatExpiry } from "./format";
import { useRevokeApiToken } from "./queries";

function scopeLabel(token: ApiTokenOutput): string {
  return token.scope === "platform_read" ? "Platform, read-only" : (token.tenant?.name ?? "Tenant");
}

function RevokeButton({ token }: { token: ApiTokenOutput }) {
  const revoke = useRevokeApiToken();
  return (
    <InlineConfirm
      label="Revoke"
      ariaLabel={`Revoke ${token.name}`}
      confirmLabel="Revoke now"
      confirmAriaLabel={`Confirm: revoke ${token.name} now`}
      pendingLabel="Revoking…"
      isPending={revoke.isPending}
      error={revoke.error?.message ?? null}
      onConfirm={() => revoke.mutate(token.id)}
    />
  );
}

function Time({ iso, text }: { iso: string | null; text: string }) {
  if (!iso) return <span className="text-muted">never</span>;
  return (
    <time dateTime={iso} title={`${formatTimestamp(iso)} (${new Date(iso).toISOString().replace("T", " ").slice(0, 19)} UTC)`}>
      {text}
    </time>
  );
}

/** The user's tokens: never a secret, only the prefix that tells them apart. */
export function TokenTable({ tokens }: { tokens: ApiTokenOutput[] }) {
  const nowMs = useNow(30_000);
  return (
    <div className="max-h-[28rem] overflow-auto">
      <table className="w-full min-w-[44rem] text-sm">
        <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
          <tr>
            <th className="py-1 pr-3 font-medium">Name</th>
            <th className="py-1 pr-3 font-medium">Prefix</th>
            <th className="py-1 pr-3 font-medium">Scope</th>
            <th className="py-1 pr-3 font-medium">Created</th>
            <th className="py-1 pr-3 font-medium">Expires</th>
            <th className="py-1 pr-3 font-medium">Last used</th>
            <th className="py-1 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const isExpired = Date.parse(token.expiresAt) <= nowMs;
            return (
              <tr key={token.id} className="border-t border-line align-top">
                <td className="py-2 pr-3 font-medium">{token.name}</td>
                <td className="py-2 pr-3 font-mono text-xs">{token.prefix}…</td>
                <td className="py-2 pr-3">{scopeLabel(token)}</td>
                <td className="py-2 pr-3">
                  <Time iso={token.createdAt} text={formatRelative(token.createdAt, nowMs)} />
                </td>
                <td className={`py-2 pr-3 ${isExpired ? "text-danger" : ""}`}>
                  <Time iso={token.expiresAt} text={formatExpiry(token.expiresAt, nowMs)} />
                </td>
                <td className="py-2 pr-3">
                  <Time iso={token.lastUsedAt} text={formatRelative(token.lastUsedAt, nowMs)} />
                </td>
                <td className="py-2 text-right">
                  <RevokeButton token={token} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

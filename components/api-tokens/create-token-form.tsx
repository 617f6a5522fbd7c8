"use client";

import { useId, useState, type FormEvent } from "react";
import { FormErrors } from "@/components/ui/form-footer";
import type { Membership } from "@/lib/auth/session";
import type { PlatformRole } from "@/lib/auth/roles";
import { useCreateApiToken, type CreatedApiToken } from "./queries";

const EXPIRY_CHOICES = [
  { days: 1, label: "1 day" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
];

const PLATFORM_SCOPE = "platform_read";

const field = "w-full rounded-md border border-line bg-panel px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-accent";

/**
 * Name, scope (one of the user's tenants, or the platform read-only for holders of a platform
 * role) and expiry. The new secret goes to `onCreated`, the only place it is ever shown.
 */
export function CreateTokenForm({ memberships, platformRole, onCreated }: { memberships: Membership[]; platformRole: PlatformRole | null; onCreated: (token: CreatedApiToken) => void }) {
  const id = useId();
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState(memberships[0]?.tenantId ?? (platformRole ? PLATFORM_SCOPE : ""));
  const [expiresInDays, setExpiresInDays] = useState(30);
  const [nameError, setNameError] = useState<string | null>(null);
  const hasScopes = memberships.length > 0 || platformRole !== null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === "") {
      setNameError("Name is required");
      return;
    }
    setNameError(null);
    const tokenScope = scope === PLATFORM_SCOPE ? { type: "platform_read" as const } : { type: "tenant" as const, tenantId: scope };
    create.mutate(
      { name: name.trim(), scope: tokenScope, expiresInDays },
      {
        onSuccess: (token) => {
          setName("");
          onCreated(token);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-end" aria-label="Create an API token">
      <div className="space-y-1">
        <label htmlFor={`${id}-name`} className="block text-xs font-medium text-muted">
          Name
        </label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          placeholder="e.g. CI deploy"
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          className={field}
        />
        {nameError ? (
          <p id={`${id}-name-error`} className="text-xs text-danger">
            {nameError}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-scope`} className="block text-xs font-medium text-muted">
          Scope
        </label>
        <select id={`${id}-scope`} value={scope} onChange={(event) => setScope(event.target.value)} disabled={!hasScopes} className={field}>
          {memberships.map((membership) => (
            <option key={membership.tenantId} value={membership.tenantId}>
              {membership.tenantName} (as {membership.role})
            </option>
          ))}
          {platformRole ? <option value={PLATFORM_SCOPE}>Platform, read-only</option> : null}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-expiry`} className="block text-xs font-medium text-muted">
          Expires after
        </label>
        <select id={`${id}-expiry`} value={expiresInDays} onChange={(event) => setExpiresInDays(Number(event.target.value))} className={field}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.days} value={choice.days}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        disabled={create.isPending || !hasScopes}
        title={hasScopes ? undefined : "You belong to no tenant and hold no platform role, so a token could reach nothing"}
        className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50"
      >
        {create.isPending ? "Creating…" : "Create token"}
      </button>
      <div className="sm:col-span-4">
        <FormErrors messages={create.error ? [create.error.message] : []} />
        {!hasScopes ? <p className="text-xs text-muted">You belong to no tenant and hold no platform role, so a token could reach nothing.</p> : null}
      </div>
    </form>
  );
}

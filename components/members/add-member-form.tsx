"use client";

import { useId, useState, type FormEvent } from "react";
import { FormErrors } from "@/components/ui/form-footer";
import type { TenantRole } from "@/lib/auth/roles";
import { useAddMember } from "./queries";

const field = "w-full rounded-md border border-line bg-panel px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-accent";
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Adds an existing account by e-mail; accounts themselves are created by the platform's operators. */
export function AddMemberForm({ tenantName }: { tenantName: string }) {
  const id = useId();
  const add = useAddMember();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TenantRole>("member");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = email.trim();
    if (trimmed === "") return setEmailError("E-mail is required");
    if (!EMAIL.test(trimmed)) return setEmailError("Enter an e-mail address, e.g. name@example.com");
    setEmailError(null);
    setAdded(null);
    add.mutate(
      { email: trimmed, role },
      {
        onSuccess: (member) => {
          setEmail("");
          setAdded(`${member.name} (${member.email}) is now ${member.role === "admin" ? "an admin" : "a member"} of ${tenantName}.`);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a member" className="grid gap-3 sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)_auto] sm:items-end">
      <div className="space-y-1">
        <label htmlFor={`${id}-email`} className="block text-xs font-medium text-muted">
          E-mail of their account
        </label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="off"
          value={email}
          maxLength={254}
          onChange={(event) => setEmail(event.target.value)}
          placeholder="name@example.com"
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? `${id}-email-error` : undefined}
          className={field}
        />
        {emailError ? (
          <p id={`${id}-email-error`} className="text-xs text-danger">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-role`} className="block text-xs font-medium text-muted">
          Role
        </label>
        <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as TenantRole)} className={field}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <button
        type="submit"
        disabled={add.isPending}
        className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50"
      >
        {add.isPending ? "Adding…" : "Add member"}
      </button>
      <div className="sm:col-span-3" aria-live="polite">
        <FormErrors messages={add.error ? [add.error.message] : []} />
        {added ? <p className="text-xs text-ok">{added}</p> : null}
      </div>
    </form>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { toApiError } from "./api-error";

function messageFor(status: number, detail: string): string {
  if (status === 401) return "Wrong email or password.";
  if (status === 429) return detail;
  return `Sign-in failed: ${detail}`;
}

export function SignInForm({ destination }: { destination: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (!response.ok) {
        const problem = await toApiError(response);
        setError(messageFor(problem.status, problem.detail));
        return;
      }
      router.replace(destination);
      router.refresh();
    } catch {
      setError("Cannot reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate={false}>
      <label className="block text-sm font-medium">
        Email
        <input name="email" type="email" autoComplete="username" required className="mt-1 block w-full rounded-md border border-line bg-panel px-3 py-2 text-sm" />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className="mt-1 block w-full rounded-md border border-line bg-panel px-3 py-2 text-sm" />
      </label>
      {/* Reserved height: the error appearing does not push the button down. */}
      <p role="alert" className="min-h-5 text-sm text-danger">
        {error}
      </p>
      <button type="submit" disabled={!hydrated || pending} className="w-full rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

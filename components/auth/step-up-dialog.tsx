"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, toApiError } from "@/components/auth/api-error";

type StepUpStatus = { verifiedAt: string; validUntil: string; required: boolean };

type StepUpApi = {
  /**
   * Resolves true when dangerous actions may run now: at once if the password was proven in the
   * last minutes, else after the person re-enters it in a dialog; false when they cancel.
   */
  ensureRecentPassword(): Promise<boolean>;
};

const StepUpContext = createContext<StepUpApi | null>(null);

async function readStatus(): Promise<StepUpStatus> {
  const response = await fetch("/api/v1/auth/step-up", { headers: { accept: "application/json" } });
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as StepUpStatus;
}

async function submitPassword(password: string): Promise<void> {
  const response = await fetch("/api/v1/auth/step-up", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ password }),
  });
  if (!response.ok) throw await toApiError(response);
}

/** Renders the one password dialog of the page and lets any component ask for it. */
export function StepUpProvider({ children }: { children: ReactNode }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const settle = useRef<((ok: boolean) => void) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The form exists only while asked for: a hidden second password field would confuse password
  // managers and anything that looks for "the" password field (the sign-in page's tests).
  const [open, setOpen] = useState(false);

  const finish = useCallback((ok: boolean) => {
    settle.current?.(ok);
    settle.current = null;
    dialogRef.current?.close();
    setOpen(false);
  }, []);

  const ensureRecentPassword = useCallback(async () => {
    const status = await readStatus();
    if (!status.required) return true;
    // A second caller while the dialog is open waits for the same answer.
    if (settle.current) return new Promise<boolean>((resolve) => {
      const previous = settle.current;
      settle.current = (ok) => {
        previous?.(ok);
        resolve(ok);
      };
    });
    setError(null);
    setOpen(true);
    return new Promise<boolean>((resolve) => {
      settle.current = resolve;
    });
  }, []);

  useEffect(() => {
    if (open && dialogRef.current && !dialogRef.current.open) dialogRef.current.showModal();
  }, [open]);

  // Escape closes a modal <dialog> without a submit: that is a cancel.
  useEffect(() => {
    const dialog = dialogRef.current;
    const onClose = () => {
      if (settle.current) finish(false);
    };
    dialog?.addEventListener("close", onClose);
    return () => dialog?.removeEventListener("close", onClose);
  }, [finish]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get("password") ?? "");
    setPending(true);
    setError(null);
    try {
      await submitPassword(password);
      form.reset();
      finish(true);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "the password could not be checked");
    } finally {
      setPending(false);
    }
  }

  return (
    <StepUpContext.Provider value={{ ensureRecentPassword }}>
      {children}
      <dialog ref={dialogRef} aria-labelledby="step-up-title" className="m-auto w-full max-w-sm rounded-lg border border-line bg-panel p-6 shadow-xl backdrop:bg-black/40">
        {open && (
          <form onSubmit={submit} className="space-y-4">
            <h2 id="step-up-title" className="text-base font-semibold">
              Confirm it is you
            </h2>
            <p className="text-sm text-muted">This action changes production. Re-enter your password; it stays unlocked for a few minutes.</p>
            <label className="block text-sm font-medium">
              Password
              <input name="password" type="password" autoComplete="current-password" required autoFocus className="mt-1 block w-full rounded-md border border-line bg-panel px-3 py-2 text-sm" />
            </label>
            <p role="alert" className="min-h-5 text-sm text-danger">
              {error}
            </p>
            <div className="flex justify-end gap-2">
              <button type="button" onClick={() => finish(false)} className="rounded-md border border-line px-4 py-2 text-sm">
                Cancel
              </button>
              <button type="submit" disabled={pending} className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink disabled:opacity-60">
                {pending ? "Checking…" : "Confirm"}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </StepUpContext.Provider>
  );
}

export function useStepUp(): StepUpApi {
  const api = useContext(StepUpContext);
  if (!api) throw new Error("useStepUp needs a StepUpProvider above it (app/providers.tsx)");
  return api;
}

type WithStepUp = <T>(action: () => Promise<T>) => Promise<T>;

/**
 * Returns `withStepUp(action)` for every change under /api/v1/ops: runs `action`, and when the
 * server refuses it with `step_up_required` (the password is more than a few minutes old), asks
 * for the password in the dialog and runs `action` once more. The refused request changed nothing,
 * so running it again is safe; a cancelled dialog leaves the refusal as the action's error.
 */
export function useStepUpRetry(): WithStepUp {
  const { ensureRecentPassword } = useStepUp();
  return useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        if (error instanceof ApiError && error.code === "step_up_required" && (await ensureRecentPassword())) return action();
        throw error;
      }
    },
    [ensureRecentPassword],
  );
}

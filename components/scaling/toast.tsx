"use client";

import { useEffect } from "react";

const TOAST_MS = 8_000;

/** A short-lived confirmation in the corner, announced to screen readers; Esc or × closes it. */
export function Toast({ message, onClose }: { message: string | null; onClose: () => void }) {
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(onClose, TOAST_MS);
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("keydown", onKey);
    };
  }, [message, onClose]);
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed right-6 bottom-6 z-50">
      {message ? (
        <div className="pointer-events-auto flex items-start gap-3 rounded-lg border border-line bg-panel px-4 py-3 text-sm shadow-lg" data-testid="toast">
          <span className="mt-0.5 inline-block size-2 rounded-full bg-ok" aria-hidden />
          <p>{message}</p>
          <button type="button" onClick={onClose} aria-label="Close notification" className="text-muted hover:text-ink">
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toApiError } from "@/components/auth/api-error";
import { useStepUpRetry } from "@/components/auth/step-up-dialog";
import { emergencyKeys, useOverrides } from "@/components/emergency/queries";
import { Panel } from "@/components/ops/panel";

async function send(method: "POST" | "DELETE", body?: unknown): Promise<void> {
  const response = await fetch("/api/v1/ops/autoscaling/pause", {
    method,
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toApiError(response);
}

function minutesLeft(expiresAt: string): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 60_000));
}

/**
 * Pause the autoscaler (it keeps deciding and shows what it would do, but changes nothing) with a
 * reason and an expiry, or resume it. The pause is an override: it lapses by itself.
 */
export function PausePanel({ canEdit, readOnlyReason }: { canEdit: boolean; readOnlyReason: string | null }) {
  const overrides = useOverrides();
  const queryClient = useQueryClient();
  const withStepUp = useStepUpRetry();
  const [reason, setReason] = useState("");
  const [minutes, setMinutes] = useState(60);
  const pause = overrides.data?.items.find((item) => item.kind === "autoscaling-paused");
  const change = useMutation({
    mutationFn: (action: "pause" | "resume") => withStepUp(() => (action === "pause" ? send("POST", { minutes, reason }) : send("DELETE"))),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: emergencyKeys.overrides() }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate("pause");
  }

  return (
    <Panel title="Pause autoscaling" subtitle="an override with an owner and an expiry" isLoading={overrides.isLoading} error={overrides.error?.message ?? null} isEmpty={false} onRetry={() => void overrides.refetch()} minHeight={170}>
      <div className="space-y-3 text-sm" data-testid="autoscaling-pause">
        {pause ? (
          <>
            <p className="rounded border-l-4 border-warn bg-warn/10 px-2 py-1">
              <span className="font-medium">Paused</span> by {pause.owner.email}: {String(pause.payload.reason ?? "")}. Resumes by itself in {minutesLeft(pause.expiresAt)} min (
              {new Date(pause.expiresAt).toLocaleTimeString()}).
            </p>
            <button type="button" disabled={!canEdit || change.isPending} onClick={() => change.mutate("resume")} className="rounded-md border border-line px-3 py-1.5 disabled:opacity-60">
              {change.isPending ? "Resuming…" : "Resume now"}
            </button>
            <span className="ml-2 text-xs text-muted">may ask for your password</span>
          </>
        ) : (
          <form onSubmit={submit} className="space-y-2">
            <p className="text-muted">While paused, the autoscaler still decides and shows what it would do, but changes nothing. Pausing and resuming may ask for your password.</p>
            <fieldset disabled={!canEdit || change.isPending} className="flex flex-wrap items-end gap-2">
              <label className="block grow">
                Reason
                <input value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} className="mt-1 block w-full rounded-md border border-line bg-panel px-2 py-1.5" />
              </label>
              <label className="block w-28">
                For (min)
                <input type="number" min={1} max={1440} value={minutes} onChange={(event) => setMinutes(Number(event.target.value))} className="mt-1 block w-full rounded-md border border-line bg-panel px-2 py-1.5" />
              </label>
              <button type="submit" className="rounded-md bg-accent px-3 py-1.5 font-medium text-accent-ink disabled:opacity-60">
                {change.isPending ? "Pausing…" : "Pause"}
              </button>
            </fieldset>
          </form>
        )}
        {!canEdit && readOnlyReason ? <p className="text-xs text-muted">Read-only: {readOnlyReason}.</p> : null}
        <p role="alert" className="min-h-5 text-danger">
          {change.error?.message}
        </p>
      </div>
    </Panel>
  );
}

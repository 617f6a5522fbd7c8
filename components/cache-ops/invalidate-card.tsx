"use client";

import { useState } from "react";
import { formatValue } from "@/components/ops/format";
import type { InvalidateResultOutput } from "@/lib/cache-ops/schemas";
import { useInvalidate, usePreviewInvalidation } from "./queries";

type Kind = "key" | "tag";

const PLACEHOLDERS: Record<Kind, string> = { key: "agency:templates:<tenantId>:<templateId>", tag: "templates:<tenantId>" };

function describeResult(result: InvalidateResultOutput): string {
  const l2 = result.l2Removed === null ? "Redis unavailable, retried when it is back" : `${result.l2Removed} from Redis`;
  return `Invalidated ${result.kind} ${result.value}: ${result.l1Removed} from L1, ${l2}${result.isBroadcast ? ", sent to every instance" : ""}. Audit entry ${result.audit.id}.`;
}

/** Key or tag → preview (keys, tenants, extra database load) → type it again → invalidate. */
export function InvalidateCard({ canAct, disabledReason, onDone }: { canAct: boolean; disabledReason: string; onDone: (message: string) => void }) {
  const [kind, setKind] = useState<Kind>("tag");
  const [value, setValue] = useState("");
  const [typed, setTyped] = useState("");
  const preview = usePreviewInvalidation();
  const invalidate = useInvalidate();
  const previewed = preview.data && preview.data.kind === kind && preview.data.value === value.trim() ? preview.data : null;
  const isConfirmed = previewed !== null && typed.trim() === previewed.value;
  const reset = () => {
    preview.reset();
    invalidate.reset();
    setTyped("");
  };
  return (
    <article className="space-y-3 rounded-lg border border-danger/40 bg-panel p-4" aria-label="Invalidate key / tag">
      <header>
        <h3 className="font-semibold">Invalidate key / tag</h3>
        <p className="text-sm text-muted">
          Drops the entries from L1 on every instance and from Redis. Use it when cached data is wrong and the write that changed it did not invalidate. Requests that
          hit those entries go to the database until they are filled again. Only keys in the <code>agency:</code> namespace. Who: SREs and admins; invalidating may ask for your password.
        </p>
      </header>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          reset();
          preview.mutate({ kind, value: value.trim() });
        }}
      >
        <fieldset className="flex gap-3 text-sm" disabled={!canAct}>
          <legend className="sr-only">Invalidate by</legend>
          {(["tag", "key"] as const).map((choice) => (
            <label key={choice} className="flex items-center gap-1">
              <input type="radio" name="invalidate-kind" value={choice} checked={kind === choice} onChange={() => { setKind(choice); reset(); }} />
              {choice === "tag" ? "Tag" : "Key"}
            </label>
          ))}
        </fieldset>
        <label className="flex min-w-72 flex-1 flex-col gap-1 text-sm">
          {kind === "tag" ? "Tag" : "Key"}
          <input
            value={value}
            onChange={(event) => { setValue(event.target.value); reset(); }}
            placeholder={PLACEHOLDERS[kind]}
            disabled={!canAct}
            required
            className="rounded border border-line bg-surface px-2 py-1 font-mono text-xs"
          />
        </label>
        <button type="submit" disabled={!canAct || value.trim() === "" || preview.isPending} title={canAct ? undefined : disabledReason} className="rounded-md border border-line px-3 py-1 text-sm disabled:opacity-50">
          {preview.isPending ? "Previewing…" : "Preview"}
        </button>
      </form>
      {!canAct ? <p className="text-xs text-muted">{disabledReason}</p> : null}
      {preview.error ? <p role="alert" className="text-sm text-danger">{preview.error.message}</p> : null}
      {previewed ? (
        <div className="space-y-2 rounded border border-line p-3 text-sm" data-testid="invalidation-preview">
          <p>
            {`${previewed.keys} ${previewed.keys === 1 ? "key" : "keys"} across ${previewed.tenants} ${previewed.tenants === 1 ? "tenant" : "tenants"}`}
            {previewed.tenantNames.length > 0 ? ` (${previewed.tenantNames.join(", ")}${previewed.tenants > previewed.tenantNames.length ? ", …" : ""})` : ""}
            {Object.keys(previewed.keysByDomain).length > 0 ? ` (${Object.entries(previewed.keysByDomain).map(([domain, count]) => `${domain} ${count}`).join(", ")})` : ""}
            {previewed.source === "l1" ? " — counted in this instance's L1 only" : ` — counted in Redis, ${previewed.instances} instances listening`}
          </p>
          <p>
            {`Extra database load to expect: up to ${formatValue("req/s", previewed.expectedExtraLoadPerSecond)} until refilled (now ${formatValue("req/s", previewed.requestsPerSecond)} at ${formatValue("ratio", previewed.hitRatio)} hit ratio), at most ${previewed.maxLoaderCalls} loader calls.`}
          </p>
          <label className="flex flex-col gap-1">
            {`Type the ${previewed.kind} to confirm`}
            <input value={typed} onChange={(event) => setTyped(event.target.value)} className="rounded border border-line bg-surface px-2 py-1 font-mono text-xs" autoComplete="off" />
          </label>
          <button
            type="button"
            disabled={!isConfirmed || invalidate.isPending}
            title={isConfirmed ? undefined : `type the ${previewed.kind} exactly to confirm`}
            onClick={() => invalidate.mutate({ kind: previewed.kind, value: previewed.value, confirmation: typed.trim() }, { onSuccess: (result) => onDone(describeResult(result)) })}
            className="rounded-md bg-danger px-3 py-1 text-sm text-white disabled:opacity-50"
          >
            {invalidate.isPending ? "Invalidating…" : `Invalidate ${previewed.kind}`}
          </button>
        </div>
      ) : null}
      {invalidate.error ? <p role="alert" className="text-sm text-danger">{invalidate.error.message}</p> : null}
      {invalidate.data ? <p role="status" className="text-sm" data-testid="invalidation-result">{describeResult(invalidate.data)}</p> : null}
    </article>
  );
}

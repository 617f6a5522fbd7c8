"use client";

import { ApiError } from "@/components/auth/api-error";
import { formatValue } from "@/components/ops/format";
import { useHeapSnapshots, useTakeHeapSnapshot } from "./queries";

/** Admins take and download heap snapshots of the instance that answers. */
export function HeapSnapshots({ isAdmin }: { isAdmin: boolean }) {
  const list = useHeapSnapshots(isAdmin);
  const take = useTakeHeapSnapshot();
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="font-medium">Heap snapshot</span> — writes this instance&apos;s heap to a file for Chrome DevTools. The instance pauses while it writes (seconds on a large heap). Platform admins only, with a recent password; one at a time across all instances and at most one per 10 minutes; the newest 3 are kept, each for an hour.
      </p>
      <p role="note" className="rounded-md border border-warn bg-warn/10 px-2 py-1">
        A heap snapshot holds secrets: the session signing key, database credentials and live session cookies. Download it only to a trusted machine and delete it after use.
      </p>
      <button
        type="button"
        disabled={!isAdmin || take.isPending}
        title={isAdmin ? undefined : "only admins may take heap snapshots"}
        onClick={() => take.mutate()}
        className="rounded-md border border-danger px-2 py-1 text-xs text-danger disabled:border-line disabled:text-muted"
      >
        {isAdmin ? (take.isPending ? "Writing snapshot…" : "Take heap snapshot") : "Take heap snapshot (admin only)"}
      </button>
      {take.error ? <TakeRefusal error={take.error} /> : null}
      {isAdmin && list.data && list.data.snapshots.length > 0 ? (
        <ul className="space-y-1">
          {list.data.snapshots.map((snapshot) => (
            <li key={snapshot.id}>
              <a className="underline" href={`/api/v1/ops/diagnostics/heap-snapshots/${snapshot.id}`} download>
                {snapshot.id}
              </a>{" "}
              <span className="text-xs text-muted">{`${formatValue("bytes", snapshot.sizeBytes)} · ${new Date(snapshot.createdAt).toLocaleTimeString()}`}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Why a snapshot was not taken, in the server's words: too soon or another one being written
 * (429), switched off in production (409, names HEAP_SNAPSHOTS_ENABLED), or any other failure.
 */
function TakeRefusal({ error }: { error: Error }) {
  const status = error instanceof ApiError ? error.status : undefined;
  const label = status === 429 ? "Not now" : status === 409 ? "Heap snapshots are off" : "Snapshot failed";
  return (
    <p role="alert" className={status === 429 || status === 409 ? "rounded-md bg-warn/15 px-2 py-1" : "text-danger"}>
      <span className="font-medium">{label}:</span> {error.message}
    </p>
  );
}

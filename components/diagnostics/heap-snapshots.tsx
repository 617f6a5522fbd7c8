"use client";

import { formatValue } from "@/components/ops/format";
import { useHeapSnapshots, useTakeHeapSnapshot } from "./queries";

/** Admins take and download heap snapshots of the instance that answers. */
export function HeapSnapshots({ isAdmin }: { isAdmin: boolean }) {
  const list = useHeapSnapshots(isAdmin);
  const take = useTakeHeapSnapshot();
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="font-medium">Heap snapshot</span> — writes this instance&apos;s heap to a temp file for Chrome DevTools. The instance pauses while it writes (seconds on a large heap). Admins only.
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
      {take.error ? <p role="alert" className="text-danger">{take.error.message}</p> : null}
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

"use client";

import Link from "next/link";
import { useState } from "react";
import type { TenantRole } from "@/lib/auth/roles";
import type { WorkflowOutput } from "@/lib/workflows/schemas";
import { ProblemError } from "./api";
import { DefinitionEditor } from "./definition-editor";
import { STEP_TYPE_LABELS } from "./definition-draft";
import { ExecutionsTable } from "./executions-table";
import { useDeleteWorkflow, useRunWorkflow, useWorkflowDefinitions } from "./queries";

type Editing = { workflow: WorkflowOutput | null } | null;

/** Definitions with their Run buttons (and, for admins, the editor), above the executions. */
export function WorkflowsView({ role }: { role: TenantRole }) {
  const canEdit = role === "admin";
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<{ text: string; executionId?: string; isError?: boolean } | null>(null);
  const definitions = useWorkflowDefinitions();
  const items = definitions.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Workflows</h1>
          <p className="text-xs text-muted">Any member can run a workflow; admins create and edit them.</p>
        </div>
        {canEdit ? (
          <button
            type="button"
            disabled={editing !== null}
            title={editing !== null ? "Finish or cancel the open editor first" : undefined}
            onClick={() => setEditing({ workflow: null })}
            className="rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink disabled:opacity-50"
          >
            New workflow
          </button>
        ) : (
          <p className="text-xs text-muted">Creating and editing workflows takes the admin role.</p>
        )}
      </header>
      <div role="status" aria-live="polite" className="min-h-6 text-sm">
        {notice ? (
          <p className={notice.isError ? "text-danger" : "text-ink"} data-testid="workflow-notice">
            {notice.text}{" "}
            {notice.executionId ? (
              <Link href={`/app/workflows/executions/${notice.executionId}`} className="text-accent underline">
                Watch its timeline
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>
      {editing ? (
        <DefinitionEditor
          key={editing.workflow?.id ?? "new"}
          workflow={editing.workflow}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice({ text: `Saved “${saved.name}”.` });
          }}
        />
      ) : null}
      <section className="rounded-lg border border-line bg-panel p-4" aria-label="Definitions">
        <h2 className="mb-3 text-sm font-semibold">Definitions</h2>
        {definitions.isLoading ? (
          <div className="space-y-2" aria-busy>
            {Array.from({ length: 3 }, (_, index) => (
              <div key={index} className="h-14 animate-pulse rounded bg-surface" />
            ))}
          </div>
        ) : definitions.error && items.length === 0 ? (
          <div role="alert" className="flex items-center gap-3 text-sm text-danger">
            <p>{`Workflows could not be loaded: ${definitions.error.message}`}</p>
            <button type="button" className="rounded-md border border-line px-3 py-1 text-ink" onClick={() => void definitions.refetch()}>
              Retry
            </button>
          </div>
        ) : items.length === 0 ? (
          <p className="text-sm text-muted">{canEdit ? "No workflows yet. Create one with “New workflow”: a few steps of delay, HTTP, transform or fail." : "No workflows yet. An admin of this tenant can create them."}</p>
        ) : (
          <ul className="divide-y divide-line">
            {items.map((workflow) => (
              <DefinitionRow key={workflow.id} workflow={workflow} canEdit={canEdit} onEdit={() => setEditing({ workflow })} onNotice={setNotice} />
            ))}
          </ul>
        )}
        {definitions.hasNextPage ? (
          <button type="button" className="mt-3 rounded-md border border-line px-3 py-1 text-sm" disabled={definitions.isFetchingNextPage} onClick={() => void definitions.fetchNextPage()}>
            {definitions.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        ) : null}
      </section>
      <ExecutionsTable />
    </section>
  );
}

function DefinitionRow({ workflow, canEdit, onEdit, onNotice }: { workflow: WorkflowOutput; canEdit: boolean; onEdit: () => void; onNotice: (notice: { text: string; executionId?: string; isError?: boolean }) => void }) {
  const run = useRunWorkflow();
  const remove = useDeleteWorkflow();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const start = () =>
    run.mutate(
      { id: workflow.id },
      {
        onSuccess: (execution) => onNotice({ text: `Started “${workflow.name}”.`, executionId: execution.id }),
        onError: (error) =>
          onNotice({
            text: error instanceof ProblemError && error.retryAfterSeconds ? `${error.message} (try again in ${error.retryAfterSeconds} s)` : `Could not start “${workflow.name}”: ${error.message}`,
            isError: true,
          }),
      },
    );
  return (
    <li className="flex flex-wrap items-center gap-3 py-2.5" data-testid="workflow-row" aria-label={workflow.name}>
      <div className="min-w-0 flex-1">
        <p className="font-medium">{workflow.name}</p>
        <p className="truncate text-xs text-muted">
          {workflow.steps.map((step) => `${step.id} (${STEP_TYPE_LABELS[step.type]})`).join(" → ")}
          {workflow.description ? ` · ${workflow.description}` : ""}
        </p>
      </div>
      <button type="button" onClick={start} disabled={run.isPending} className="rounded-md bg-accent px-3 py-1 text-sm text-accent-ink disabled:opacity-50" aria-label={`Run ${workflow.name}`}>
        {run.isPending ? "Starting…" : "Run"}
      </button>
      {canEdit ? (
        <>
          <button type="button" onClick={onEdit} className="rounded-md border border-line px-3 py-1 text-sm" aria-label={`Edit ${workflow.name}`}>
            Edit
          </button>
          {confirmingDelete ? (
            <span className="flex items-center gap-1 text-sm">
              <span className="text-danger">Delete it and its history?</span>
              <button
                type="button"
                className="rounded-md border border-danger px-2 py-1 text-danger"
                onClick={() => remove.mutate(workflow.id, { onSuccess: () => onNotice({ text: `Deleted “${workflow.name}”.` }), onError: (error) => onNotice({ text: error.message, isError: true }) })}
              >
                Delete
              </button>
              <button type="button" className="rounded-md border border-line px-2 py-1" onClick={() => setConfirmingDelete(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setConfirmingDelete(true)} className="rounded-md border border-line px-3 py-1 text-sm text-danger" aria-label={`Delete ${workflow.name}`}>
              Delete
            </button>
          )}
        </>
      ) : null}
    </li>
  );
}

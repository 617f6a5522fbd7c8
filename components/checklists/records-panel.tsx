"use client";

import { useState, type FormEvent } from "react";
import type { EventDetail } from "@/lib/checklists/schemas";
import { fieldErrorOf, useRecordDrill, useRecordLoadTest } from "./queries";

const input = "rounded border border-line bg-surface px-2 py-1 text-sm";

function LoadTestForm() {
  const record = useRecordLoadTest();
  const [form, setForm] = useState({ name: "", requestsPerSecond: "", p95Seconds: "", errorRatioPercent: "", durationSeconds: "" });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate({
      name: form.name,
      requestsPerSecond: Number(form.requestsPerSecond),
      p95Seconds: Number(form.p95Seconds),
      errorRatio: Number(form.errorRatioPercent) / 100,
      durationSeconds: Number(form.durationSeconds),
    });
  };
  const field = (label: string, name: keyof typeof form, path: string, extra: Record<string, string> = {}) => {
    const error = fieldErrorOf(record.error, path);
    return (
      <label className="flex flex-col gap-1 text-xs">
        {label}
        <input value={form[name]} onChange={set(name)} aria-invalid={error ? true : undefined} className={input} {...extra} />
        {error ? <span className="text-danger">{error}</span> : null}
      </label>
    );
  };
  return (
    <form onSubmit={submit} aria-label="Record a load test" className="grid gap-2 sm:grid-cols-5">
      {field("Name", "name", "json.name")}
      {field("Throughput (req/s)", "requestsPerSecond", "json.requestsPerSecond", { inputMode: "decimal" })}
      {field("p95 latency (s)", "p95Seconds", "json.p95Seconds", { inputMode: "decimal" })}
      {field("Errors (%)", "errorRatioPercent", "json.errorRatio", { inputMode: "decimal" })}
      {field("Duration (s)", "durationSeconds", "json.durationSeconds", { inputMode: "numeric" })}
      <div className="flex items-center gap-3 sm:col-span-5">
        <button type="submit" disabled={record.isPending} className="rounded-md border border-line px-3 py-1 text-sm disabled:opacity-50">
          {record.isPending ? "Recording…" : "Record load test"}
        </button>
        <p role="status" className="text-xs text-muted">
          {record.isSuccess ? `Recorded “${record.data.name}” at ${new Date(record.data.at).toLocaleTimeString()}` : record.error && record.error instanceof Error && fieldErrorOf(record.error, "json.name") === undefined ? record.error.message : ""}
        </p>
      </div>
    </form>
  );
}

function DrillForm() {
  const record = useRecordDrill();
  const [kind, setKind] = useState<"promotion" | "replica_failure">("replica_failure");
  const [succeeded, setSucceeded] = useState(true);
  const [summary, setSummary] = useState("");
  const summaryError = fieldErrorOf(record.error, "json.summary");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate({ kind, succeeded, summary });
  };
  return (
    <form onSubmit={submit} aria-label="Record a failover drill" className="grid gap-2 sm:grid-cols-[auto_auto_1fr_auto] sm:items-end">
      <label className="flex flex-col gap-1 text-xs">
        Drill
        <select value={kind} onChange={(event) => setKind(event.target.value as typeof kind)} className={input}>
          <option value="replica_failure">Replica failure</option>
          <option value="promotion">Replica promotion</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5 pb-1 text-xs">
        <input type="checkbox" checked={succeeded} onChange={(event) => setSucceeded(event.target.checked)} />
        Succeeded
      </label>
      <label className="flex flex-col gap-1 text-xs">
        What happened
        <input value={summary} onChange={(event) => setSummary(event.target.value)} maxLength={500} aria-invalid={summaryError ? true : undefined} className={input} />
        {summaryError ? <span className="text-danger">{summaryError}</span> : null}
      </label>
      <button type="submit" disabled={record.isPending} className="rounded-md border border-line px-3 py-1 text-sm disabled:opacity-50">
        {record.isPending ? "Recording…" : "Record drill"}
      </button>
      <p role="status" className="text-xs text-muted sm:col-span-4">
        {record.isSuccess ? `Recorded the ${record.data.kind.replace("_", " ")} drill at ${new Date(record.data.at).toLocaleTimeString()}` : ""}
      </p>
    </form>
  );
}

/** The records that auto-verified items read: load-test results and failover drills. */
export function RecordsPanel({ detail }: { detail: EventDetail }) {
  const { recentLoadTests, recentDrills, permissions } = detail;
  return (
    <section className="rounded-lg border border-line bg-panel p-4" aria-label="Load tests and drills">
      <h3 className="text-sm font-semibold">Load tests and failover drills</h3>
      <p className="mb-2 text-xs text-muted">“Performance benchmarks re-run” and “Failover scenarios tested” are verified from these records, when one is newer than the scaling event.</p>
      {permissions.canEdit ? (
        <div className="space-y-4">
          <LoadTestForm />
          <DrillForm />
        </div>
      ) : (
        <p className="text-xs text-muted">Recording is disabled: {permissions.editReason}.</p>
      )}
      <div className="mt-3 grid gap-3 text-xs sm:grid-cols-2">
        <div>
          <h4 className="font-medium">Recent load tests</h4>
          {recentLoadTests.length === 0 ? <p className="text-muted">None recorded yet.</p> : null}
          <ul>
            {recentLoadTests.map((result) => (
              <li key={result.id} title={new Date(result.at).toLocaleString()}>
                {result.name}: {result.requestsPerSecond} req/s, p95 {result.p95Seconds} s, {(result.errorRatio * 100).toFixed(2)} % errors · {result.recordedBy}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4 className="font-medium">Recent drills</h4>
          {recentDrills.length === 0 ? <p className="text-muted">None recorded yet.</p> : null}
          <ul>
            {recentDrills.map((drill) => (
              <li key={drill.id} title={new Date(drill.at).toLocaleString()}>
                {drill.kind.replace("_", " ")} · {drill.succeeded ? "succeeded" : "failed"}: {drill.summary}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

"use client";

import type { ProcedureId } from "@/lib/emergency/procedure";
import { BREAKER_SCOPES } from "@/lib/emergency/tiers";

// The input form of each procedure, as plain values; the API validates them with the
// procedure's own schema and names any bad field.

export type ProcedureInput = Record<string, string | number | undefined>;

export const DEFAULT_INPUTS: Record<ProcedureId, ProcedureInput> = {
  "scale-up": { durationMinutes: 60 },
  "circuit-breaker": { action: "activate", scope: "global", durationMinutes: 60, retryAfterSeconds: 30 },
  "cache-warm": { warmer: "all" },
  "replica-promotion": { replica: "" },
};

/** The request's `input`: empty optional fields left out, deactivation without activation-only fields. */
export function toRequestInput(procedure: ProcedureId, values: ProcedureInput): Record<string, string | number> {
  const entries = Object.entries(values).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "");
  const input = Object.fromEntries(entries);
  if (procedure === "circuit-breaker" && input.action === "deactivate") return { action: "deactivate", scope: input.scope ?? "global" };
  return input;
}

const fieldClass = "mt-1 block w-full rounded-md border border-line bg-panel px-2 py-1.5 text-sm disabled:opacity-60";

function NumberField({ label, name, value, min, max, unit, disabled, onChange }: { label: string; name: string; value: number | string | undefined; min: number; max: number; unit: string; disabled: boolean; onChange: (value: number) => void }) {
  return (
    <label className="block text-sm">
      {`${label} (${unit})`}
      <input name={name} type="number" min={min} max={max} value={value ?? ""} disabled={disabled} onChange={(event) => onChange(Number(event.target.value))} className={fieldClass} />
    </label>
  );
}

export function ProcedureInputs({
  procedure,
  values,
  replicas,
  disabled,
  onChange,
}: {
  procedure: ProcedureId;
  values: ProcedureInput;
  replicas: string[];
  disabled: boolean;
  onChange: (values: ProcedureInput) => void;
}) {
  const set = (name: string) => (value: string | number) => onChange({ ...values, [name]: value });
  if (procedure === "circuit-breaker") {
    const activating = values.action !== "deactivate";
    return (
      <div className="grid grid-cols-2 gap-3">
        <label className="block text-sm">
          Action
          <select name="action" value={values.action} disabled={disabled} onChange={(event) => set("action")(event.target.value)} className={fieldClass}>
            <option value="activate">Activate (limit to core)</option>
            <option value="deactivate">Deactivate (restore)</option>
          </select>
        </label>
        <label className="block text-sm">
          Scope
          <select name="scope" value={values.scope} disabled={disabled} onChange={(event) => set("scope")(event.target.value)} className={fieldClass}>
            {BREAKER_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {scope === "global" ? "All feature areas" : scope}
              </option>
            ))}
          </select>
        </label>
        {activating ? (
          <>
            <NumberField label="Expires after" name="durationMinutes" unit="min" min={5} max={1440} value={values.durationMinutes} disabled={disabled} onChange={set("durationMinutes")} />
            <NumberField label="Retry-After" name="retryAfterSeconds" unit="s" min={1} max={3600} value={values.retryAfterSeconds} disabled={disabled} onChange={set("retryAfterSeconds")} />
          </>
        ) : null}
      </div>
    );
  }
  if (procedure === "scale-up") {
    return <NumberField label="Raised minimum expires after" name="durationMinutes" unit="min" min={5} max={1440} value={values.durationMinutes} disabled={disabled} onChange={set("durationMinutes")} />;
  }
  if (procedure === "replica-promotion") {
    return (
      <label className="block text-sm">
        Replica to promote
        <select name="replica" value={values.replica ?? ""} disabled={disabled} onChange={(event) => set("replica")(event.target.value)} className={fieldClass}>
          <option value="">The most caught-up replica</option>
          {replicas.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label className="block text-sm">
      Warmer
      <input name="warmer" value={values.warmer ?? "all"} disabled={disabled} onChange={(event) => set("warmer")(event.target.value)} className={fieldClass} aria-describedby="warmer-help" />
      <span id="warmer-help" className="text-xs text-muted">
        &quot;all&quot;, or one warmer&apos;s name
      </span>
    </label>
  );
}

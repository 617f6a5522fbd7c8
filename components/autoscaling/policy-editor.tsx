"use client";

import { useId, type ReactNode } from "react";
import type { SelectPolicy } from "@/lib/scaling/schemas";
import type { Direction, PolicyDraft, ScalingRulesDraft } from "./policy-draft";
import { targetPath } from "./policy-draft";

const INPUT = "w-20 rounded-md border border-line bg-panel px-2 py-1 text-sm tabular-nums disabled:bg-surface disabled:text-muted aria-[invalid=true]:border-danger";
const SELECT_POLICIES: SelectPolicy[] = ["Max", "Min", "Disabled"];
const DEFAULTS: Record<Direction, { window: number; label: string }> = { scaleUp: { window: 0, label: "Scale up" }, scaleDown: { window: 300, label: "Scale down" } };

type Errors = ReadonlyMap<string, string>;

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className="text-xs text-muted">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted">{hint}</p>
      ) : null}
    </div>
  );
}

const invalid = (id: string, error: string | undefined) => ({ "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined });

function RulesEditor({ direction, rules, errors, onChange }: { direction: Direction; rules: ScalingRulesDraft; errors: Errors; onChange: (rules: ScalingRulesDraft) => void }) {
  const id = useId();
  const base = `json.behavior.${direction}`;
  const windowError = errors.get(`${base}.stabilizationWindowSeconds`);
  const policiesError = errors.get(`${base}.policies`);
  const setPolicy = (index: number, change: Partial<ScalingRulesDraft["policies"][number]>) =>
    onChange({ ...rules, policies: rules.policies.map((policy, at) => (at === index ? { ...policy, ...change } : policy)) });
  return (
    <fieldset className="flex min-w-0 flex-col gap-2 rounded-md border border-line p-3">
      <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-muted">{DEFAULTS[direction].label}</legend>
      <div className="flex flex-wrap gap-3">
        <Field id={`${id}-window`} label="Stabilization window (s)" error={windowError} hint={`blank: ${DEFAULTS[direction].window} s`}>
          <input id={`${id}-window`} type="number" min={0} max={3600} step={1} placeholder={String(DEFAULTS[direction].window)} value={rules.stabilizationWindowSeconds} onChange={(event) => onChange({ ...rules, stabilizationWindowSeconds: event.target.value })} className={INPUT} {...invalid(`${id}-window`, windowError)} />
        </Field>
        <Field id={`${id}-select`} label="Select policy" error={errors.get(`${base}.selectPolicy`)}>
          <select id={`${id}-select`} value={rules.selectPolicy} onChange={(event) => onChange({ ...rules, selectPolicy: event.target.value as SelectPolicy | "" })} className={`${INPUT} w-32`}>
            <option value="">default (Max)</option>
            {SELECT_POLICIES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="overflow-x-auto">
        <table className="text-sm">
          <caption className="sr-only">{DEFAULTS[direction].label} policies</caption>
          <thead>
            <tr className="text-left text-xs text-muted">
              <th className="font-normal">Type</th>
              <th className="font-normal">Value</th>
              <th className="font-normal">Period (s)</th>
              <th>
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.policies.map((policy, index) => {
              const valueError = errors.get(`${base}.policies.${index}.value`);
              const periodError = errors.get(`${base}.policies.${index}.periodSeconds`);
              const rowId = `${id}-policy-${index}`;
              return (
                <tr key={index} className="align-top">
                  <td className="py-0.5 pr-2">
                    <select aria-label={`${DEFAULTS[direction].label} policy ${index + 1} type`} value={policy.type} onChange={(event) => setPolicy(index, { type: event.target.value as "Pods" | "Percent" })} className={`${INPUT} w-24`}>
                      <option value="Percent">Percent</option>
                      <option value="Pods">Pods</option>
                    </select>
                  </td>
                  <td className="py-0.5 pr-2">
                    <input aria-label={`${DEFAULTS[direction].label} policy ${index + 1} value`} type="number" min={1} step={1} value={policy.value} onChange={(event) => setPolicy(index, { value: event.target.value })} className={INPUT} {...invalid(`${rowId}-value`, valueError)} />
                    {valueError ? <p id={`${rowId}-value-error`} className="text-xs text-danger">{valueError}</p> : null}
                  </td>
                  <td className="py-0.5 pr-2">
                    <input aria-label={`${DEFAULTS[direction].label} policy ${index + 1} period (s)`} type="number" min={1} max={1800} step={1} value={policy.periodSeconds} onChange={(event) => setPolicy(index, { periodSeconds: event.target.value })} className={INPUT} {...invalid(`${rowId}-period`, periodError)} />
                    {periodError ? <p id={`${rowId}-period-error`} className="text-xs text-danger">{periodError}</p> : null}
                  </td>
                  <td className="py-0.5">
                    <button type="button" onClick={() => onChange({ ...rules, policies: rules.policies.filter((_, at) => at !== index) })} className="rounded border border-line px-2 py-0.5 text-xs" aria-label={`Remove ${DEFAULTS[direction].label.toLowerCase()} policy ${index + 1}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rules.policies.length === 0 ? <p className="text-xs text-muted">No policies: Kubernetes&apos;s defaults apply.</p> : null}
      {policiesError ? <p className="text-xs text-danger">{policiesError}</p> : null}
      <button type="button" onClick={() => onChange({ ...rules, policies: [...rules.policies, { type: "Percent", value: "100", periodSeconds: "15" }] })} className="self-start rounded border border-line px-2 py-0.5 text-xs">
        Add policy
      </button>
    </fieldset>
  );
}

/** The HPA spec fields as a form: replicas, CPU and memory targets, and both behavior directions. */
export function PolicyFields({ draft, errors, onChange }: { draft: PolicyDraft; errors: Errors; onChange: (draft: PolicyDraft) => void }) {
  const id = useId();
  const number = (field: "minReplicas" | "maxReplicas" | "cpuTarget" | "memoryTarget", label: string, path: string, hint?: string) => {
    const error = errors.get(path);
    return (
      <Field id={`${id}-${field}`} label={label} error={error} hint={hint}>
        <input id={`${id}-${field}`} name={field} type="number" min={1} step={1} value={draft[field]} onChange={(event) => onChange({ ...draft, [field]: event.target.value })} className={INPUT} {...invalid(`${id}-${field}`, error)} />
      </Field>
    );
  };
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-4">
        {number("minReplicas", "Min replicas", "json.minReplicas")}
        {number("maxReplicas", "Max replicas", "json.maxReplicas")}
        {number("cpuTarget", "CPU target (%)", targetPath(draft, "cpu"), "blank: no CPU metric")}
        {number("memoryTarget", "Memory target (%)", targetPath(draft, "memory"), "blank: no memory metric")}
      </div>
      {errors.get("json.metrics") ? <p className="text-xs text-danger">Targets: {errors.get("json.metrics")}</p> : null}
      <div className="grid gap-3">
        <RulesEditor direction="scaleUp" rules={draft.scaleUp} errors={errors} onChange={(scaleUp) => onChange({ ...draft, scaleUp })} />
        <RulesEditor direction="scaleDown" rules={draft.scaleDown} errors={errors} onChange={(scaleDown) => onChange({ ...draft, scaleDown })} />
      </div>
    </div>
  );
}

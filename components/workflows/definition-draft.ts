import { HTTP_METHODS, REDACTED_HEADER_VALUE, STEP_TYPES, type StepDefinition, type StepType, type WorkflowDefinitionInput, type WorkflowOutput } from "@/lib/workflows/schemas";

/*
 * The editor's form state: every field as the text the user typed, converted to a definition on
 * save. Pure, so the conversion and its messages are unit-tested. Error paths are the API's
 * (`steps.0.config.ms`), so the server's and the form's own errors land on the same field.
 */

export type StepDraft = { key: string; id: string; type: StepType; fields: Record<string, string> };
export type DefinitionDraft = { name: string; description: string; steps: StepDraft[] };
export type FieldErrors = Record<string, string>;

/** How the form shows a secret header's stored value (never sent back to the browser). */
export const SECRET_SET = "set (hidden)";

/** The fields of each step type, in form order. */
export const STEP_FIELDS: Record<StepType, { name: string; label: string; kind: "text" | "number" | "json" | "lines" | "method"; hint?: string; optional?: boolean }[]> = {
  delay: [{ name: "ms", label: "Wait (ms)", kind: "number", hint: "milliseconds; long waits checkpoint their progress" }],
  http: [
    { name: "method", label: "Method", kind: "method" },
    { name: "url", label: "URL", kind: "text", hint: "http:// or https://" },
    { name: "timeoutMs", label: "Timeout (ms)", kind: "number" },
    {
      name: "headers",
      label: "Headers",
      kind: "lines",
      hint: `one \`Name: value\` per line; a stored secret shows \`${SECRET_SET}\`: leave it to keep it, or type a new value to replace it`,
      optional: true,
    },
    { name: "secretHeaders", label: "Also secret", kind: "text", hint: "header names, comma-separated; Authorization, *-Token and *-Key are always secret", optional: true },
    { name: "body", label: "Body (JSON)", kind: "json", optional: true },
  ],
  transform: [
    {
      name: "expression",
      label: "Output fields (JSON)",
      kind: "json",
      hint: 'e.g. {"greeting": "Hello {{name}}", "id": "{{items.0.id}}"}: {{path}} reads the previous step\'s output, {{$input.path}} the run\'s input',
    },
  ],
  fail: [
    { name: "message", label: "Error message", kind: "text" },
    { name: "times", label: "Fail the first N attempts", kind: "number", hint: "empty: always fail", optional: true },
  ],
};

const DEFAULT_FIELDS: Record<StepType, Record<string, string>> = {
  delay: { ms: "1000" },
  http: { method: "GET", url: "https://example.com/", timeoutMs: "10000", headers: "", secretHeaders: "", body: "" },
  transform: { expression: '{\n  "result": "{{value}}"\n}' },
  fail: { message: "simulated failure", times: "" },
};

let nextKey = 0;
const newKey = () => `step-${++nextKey}`;

export function newStep(type: StepType, existing: StepDraft[]): StepDraft {
  let index = existing.length + 1;
  while (existing.some((step) => step.id === `${type}-${index}`)) index++;
  return { key: newKey(), id: `${type}-${index}`, type, fields: { ...DEFAULT_FIELDS[type] } };
}

export function emptyDraft(): DefinitionDraft {
  return { name: "", description: "", steps: [newStep("delay", [])] };
}

/** Keeps the step id and the fields both types share when the type changes. */
export function changeStepType(step: StepDraft, type: StepType): StepDraft {
  return { ...step, type, fields: { ...DEFAULT_FIELDS[type] } };
}

export function draftFromWorkflow(workflow: Pick<WorkflowOutput, "name" | "description" | "steps">): DefinitionDraft {
  return { name: workflow.name, description: workflow.description, steps: workflow.steps.map((step) => ({ key: newKey(), id: step.id, type: step.type, fields: fieldsOf(step) })) };
}

function fieldsOf(step: StepDefinition): Record<string, string> {
  switch (step.type) {
    case "delay":
      return { ms: String(step.config.ms) };
    case "http":
      return {
        method: step.config.method,
        url: step.config.url,
        timeoutMs: String(step.config.timeoutMs),
        headers: Object.entries(step.config.headers ?? {})
          .map(([name, value]) => `${name}: ${value === REDACTED_HEADER_VALUE ? SECRET_SET : value}`)
          .join("\n"),
        secretHeaders: (step.config.secretHeaders ?? []).join(", "),
        body: step.config.body === undefined ? "" : JSON.stringify(step.config.body, null, 2),
      };
    case "transform":
      return { expression: JSON.stringify(step.config.expression, null, 2) };
    case "fail":
      return { message: step.config.message, times: step.config.times === undefined ? "" : String(step.config.times) };
  }
}

/**
 * The definition to send, or the fields that cannot even be sent (a number that is not one,
 * JSON that does not parse). Everything else the server validates, naming the same paths.
 */
export function toDefinition(draft: DefinitionDraft): { definition: WorkflowDefinitionInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const steps = draft.steps.map((step, index) => {
    const at = (field: string) => `steps.${index}.config.${field}`;
    const text = (field: string) => (step.fields[field] ?? "").trim();
    const integer = (field: string, optional = false): number | undefined => {
      const raw = text(field);
      if (raw === "" && optional) return undefined;
      const value = Number(raw);
      if (raw === "" || !Number.isInteger(value)) errors[at(field)] = "a whole number";
      return value;
    };
    const json = (field: string, optional = false): unknown => {
      const raw = text(field);
      if (raw === "" && optional) return undefined;
      try {
        return JSON.parse(raw);
      } catch (error) {
        errors[at(field)] = `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
        return undefined;
      }
    };
    const config = ((): Record<string, unknown> => {
      switch (step.type) {
        case "delay":
          return { ms: integer("ms") };
        case "http": {
          const headers = parseHeaders(text("headers"));
          if (headers.error) errors[at("headers")] = headers.error;
          const body = json("body", true);
          const secretHeaders = text("secretHeaders")
            .split(",")
            .map((name) => name.trim())
            .filter(Boolean);
          return {
            method: (HTTP_METHODS as readonly string[]).includes(text("method")) ? text("method") : "GET",
            url: text("url"),
            timeoutMs: integer("timeoutMs"),
            ...(Object.keys(headers.value).length > 0 ? { headers: headers.value } : {}),
            ...(secretHeaders.length > 0 ? { secretHeaders } : {}),
            ...(body === undefined ? {} : { body }),
          };
        }
        case "transform":
          return { expression: json("expression") };
        case "fail": {
          const times = integer("times", true);
          return { message: text("message"), ...(times === undefined ? {} : { times }) };
        }
      }
    })();
    return { id: step.id.trim(), type: step.type, config } as StepDefinition;
  });
  const description = draft.description.trim();
  return { definition: { name: draft.name.trim(), ...(description ? { description } : {}), steps }, errors };
}

function parseHeaders(text: string): { value: Record<string, string>; error?: string } {
  const value: Record<string, string> = {};
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const separator = line.indexOf(":");
    if (separator <= 0) return { value, error: `line ${index + 1}: write \`Name: value\`` };
    const typed = line.slice(separator + 1).trim();
    value[line.slice(0, separator).trim()] = typed === SECRET_SET ? REDACTED_HEADER_VALUE : typed;
  }
  return { value };
}

/** The error for a field: its own path, or the nearest path inside it (`…headers.X-Token`). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return nested ? errors[nested] : undefined;
}

/** Errors no field of the form shows (so none is silently dropped). */
export function unplacedErrors(errors: FieldErrors, draft: DefinitionDraft): [string, string][] {
  const placed = (path: string) =>
    path === "name" ||
    path === "description" ||
    draft.steps.some((step, index) => path === `steps.${index}.id` || STEP_FIELDS[step.type].some((field) => path === `steps.${index}.config.${field.name}` || path.startsWith(`steps.${index}.config.${field.name}.`)));
  return Object.entries(errors).filter(([path]) => !placed(path));
}

export const STEP_TYPE_LABELS: Record<StepType, string> = { delay: "Delay", http: "HTTP request", transform: "Transform", fail: "Fail (testing)" };
export { STEP_TYPES };

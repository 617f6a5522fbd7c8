import { decryptSecret, encryptSecret, isEncryptedSecret } from "./secret-crypto";
import { REDACTED_HEADER_VALUE, type StepDefinition } from "./schemas";

/**
 * Workflow `http` steps may carry credentials in their headers (an API key, a bearer token). The
 * step needs the real value when it runs, so it is stored, encrypted (secret-crypto.ts); everything
 * that shows a definition (the API, the audit log) shows it redacted, and a definition saved back
 * with the placeholder keeps the stored value. A header is secret by its name (Authorization,
 * `*-Token`, `*-Key`, …) or because the step lists it in `secretHeaders`.
 */
export { REDACTED_HEADER_VALUE };

const SECRET_HEADER_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);
const SECRET_NAME_PARTS = /(token|secret|password|passwd|api-?key|auth|session|signature|credential|(^|-)key$)/i;

type HttpStep = Extract<StepDefinition, { type: "http" }>;

export function isSecretHeaderName(name: string): boolean {
  return SECRET_HEADER_NAMES.has(name.toLowerCase()) || SECRET_NAME_PARTS.test(name);
}

function isSecretHeader(step: HttpStep, name: string): boolean {
  return isSecretHeaderName(name) || (step.config.secretHeaders ?? []).some((marked) => marked.toLowerCase() === name.toLowerCase());
}

function mapHttpHeaders(steps: StepDefinition[], map: (step: HttpStep, name: string, value: string) => string): StepDefinition[] {
  return steps.map((step) => {
    if (step.type !== "http" || !step.config.headers) return step;
    const headers = Object.fromEntries(Object.entries(step.config.headers).map(([name, value]) => [name, map(step, name, value)]));
    return { ...step, config: { ...step.config, headers } };
  });
}

/** The definition as people see it: secret header values (and anything encrypted) replaced by the placeholder. */
export function redactSecretHeaders(steps: StepDefinition[]): StepDefinition[] {
  return mapHttpHeaders(steps, (step, name, value) => ((isSecretHeader(step, name) || isEncryptedSecret(value)) && value !== "" ? REDACTED_HEADER_VALUE : value));
}

/**
 * A definition sent back from an editor carries the placeholder where it showed one: those
 * values keep what is stored for the same step and header. A placeholder with nothing stored
 * behind it stays as typed (the step then sends it, which the step's target will refuse).
 */
export function keepStoredSecrets(incoming: StepDefinition[], stored: StepDefinition[]): StepDefinition[] {
  const storedHeaders = new Map(stored.flatMap((step) => (step.type === "http" ? [[step.id, step.config.headers ?? {}] as const] : [])));
  return mapHttpHeaders(incoming, (step, name, value) => (value === REDACTED_HEADER_VALUE ? (storedHeaders.get(step.id)?.[name] ?? value) : value));
}

/** What is stored: every secret header value encrypted (values stored in plaintext before are sealed now). */
export function sealSecretHeaders(steps: StepDefinition[], key: Buffer): StepDefinition[] {
  return mapHttpHeaders(steps, (step, name, value) => (isSecretHeader(step, name) && value !== "" && value !== REDACTED_HEADER_VALUE && !isEncryptedSecret(value) ? encryptSecret(value, key) : value));
}

/** The headers a step sends: sealed values opened (the key is read only when one is sealed). */
export function openSecretHeaders(headers: Record<string, string>, key: () => Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isEncryptedSecret(value) ? decryptSecret(value, key()) : value]));
}

import { z } from "zod";

// Alertmanager's v2 silence endpoints (api/v2/openapi.yaml: GET /silences, POST /silences,
// DELETE /silence/{silenceID}). Only the fields this app reads are parsed.

const matcherSchema = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() });
export type SilenceMatcher = z.infer<typeof matcherSchema>;

const gettableSilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(["active", "pending", "expired"]) }),
  matchers: z.array(matcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
export type GettableSilence = z.infer<typeof gettableSilenceSchema>;

export type PostableSilence = { matchers: SilenceMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string };

export class AlertmanagerRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

const base = (url: string) => `${url.replace(/\/+$/, "")}/api/v2`;

async function call(url: string, init: RequestInit & { timeoutMs: number }): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (err) {
    throw new AlertmanagerRequestError(`Alertmanager at ${new URL(url).origin} did not answer`, null, { cause: err });
  }
  if (!response.ok) {
    const text = (await response.text()).slice(0, 300);
    throw new AlertmanagerRequestError(`Alertmanager at ${new URL(url).origin} answered ${response.status}: ${text}`, response.status);
  }
  return response;
}

export async function listSilences(alertmanagerUrl: string, timeoutMs: number): Promise<GettableSilence[]> {
  const response = await call(`${base(alertmanagerUrl)}/silences`, { timeoutMs });
  return z.array(gettableSilenceSchema).parse(await response.json());
}

export async function createSilence(alertmanagerUrl: string, silence: PostableSilence, timeoutMs: number): Promise<string> {
  const response = await call(`${base(alertmanagerUrl)}/silences`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(silence),
    timeoutMs,
  });
  return z.object({ silenceID: z.string() }).parse(await response.json()).silenceID;
}

export async function expireSilence(alertmanagerUrl: string, id: string, timeoutMs: number): Promise<void> {
  await call(`${base(alertmanagerUrl)}/silence/${encodeURIComponent(id)}`, { method: "DELETE", timeoutMs });
}

/** One silence, or null when Alertmanager does not know the id. */
export async function getSilence(alertmanagerUrl: string, id: string, timeoutMs: number): Promise<GettableSilence | null> {
  try {
    const response = await call(`${base(alertmanagerUrl)}/silence/${encodeURIComponent(id)}`, { timeoutMs });
    return gettableSilenceSchema.parse(await response.json());
  } catch (err) {
    if (err instanceof AlertmanagerRequestError && err.status === 404) return null;
    throw err;
  }
}

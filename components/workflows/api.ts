"use client";

import { ApiError } from "@/components/auth/api-error";
import { presenceHeaders } from "@/components/shell/user-presence";

/** A field the API rejected: the path within the request body (`steps.0.config.ms`) and why. */
export type FieldProblem = { path: string; message: string };

/** An API problem that may name fields of the request (400 with `errors`). */
export class ProblemError extends ApiError {
  constructor(status: number, detail: string, code: string | undefined, readonly fields: FieldProblem[], readonly retryAfterSeconds: number | null) {
    super(status, detail, code);
  }
}

/** `json.steps.0.config.ms` (the validator's target prefix) → `steps.0.config.ms`. */
function bodyPath(path: string): string {
  return path.replace(/^(json|body)\./, "");
}

async function toProblem(response: Response): Promise<ProblemError> {
  const retryAfter = Number(response.headers.get("retry-after"));
  try {
    const body = (await response.json()) as { detail?: string; message?: string; code?: string; errors?: FieldProblem[] };
    const fields = (body.errors ?? []).map((error) => ({ path: bodyPath(String(error.path)), message: String(error.message) }));
    return new ProblemError(response.status, body.detail ?? body.message ?? response.statusText, body.code, fields, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  } catch {
    return new ProblemError(response.status, response.statusText || `request failed with status ${response.status}`, undefined, [], null);
  }
}

export async function requestJson<T>(url: string, init: { method?: "GET" | "POST" | "PUT" | "DELETE"; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { accept: "application/json", ...presenceHeaders(), ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw await toProblem(response);
  return (await response.json()) as T;
}

import { AppError, TooManyRequestsError, UnavailableError } from "@/lib/http/errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  [member: string]: unknown;
};

export function buildProblem(fields: { status: number; code: string; detail: string; instance: string; requestId: string; extra?: Record<string, unknown> }): Problem {
  return {
    type: `/problems/${fields.code.replaceAll("_", "-")}`,
    title: TITLES[fields.status] ?? "Error",
    status: fields.status,
    detail: fields.detail,
    instance: fields.instance,
    code: fields.code,
    requestId: fields.requestId,
    ...fields.extra,
  };
}

/** The seconds a client should wait before retrying, for the errors that have one. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof TooManyRequestsError || error instanceof UnavailableError) return error.retryAfterSeconds;
  return undefined;
}

export function problemResponse(problem: Problem, retryAfterSeconds?: number): Response {
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": problem.requestId });
  if (retryAfterSeconds !== undefined) headers.set("retry-after", String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}

export function problemFromAppError(error: AppError, instance: string, requestId: string): Response {
  return problemResponse(
    buildProblem({ status: error.status, code: error.code, detail: error.message, instance, requestId, extra: error.extra }),
    retryAfterOf(error),
  );
}

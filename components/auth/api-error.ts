/** A problem+json answer from our API, with its human-readable detail. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly code?: string) {
    super(detail);
  }
}

/** Reads a failed response: problem+json `detail`, better-auth's `message`, or the status text. */
export async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { detail?: string; message?: string; code?: string };
    return new ApiError(response.status, body.detail ?? body.message ?? response.statusText, body.code);
  } catch {
    return new ApiError(response.status, response.statusText || `request failed with status ${response.status}`);
  }
}

/**
 * Errors a service may throw; the API's error middleware turns each into problem+json with its
 * status. Add a class only when a caller must treat it differently.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Extra members for the problem document (e.g. `errors`, `retryAfterSeconds`). */
  readonly extra: Record<string, unknown>;

  constructor(message: string, options: { cause?: unknown; extra?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.extra = options.extra ?? {};
  }
}

export type FieldError = { path: string; message: string };

export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code = "bad_request";
  constructor(message: string, errors: FieldError[] = []) {
    super(message, { extra: errors.length > 0 ? { errors } : {} });
  }
}
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = "unauthorized";
}
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
}
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "not_found";
}
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = "conflict";
}
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "payload_too_large";
}
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
}
export class ValidationError extends AppError {
  readonly status = 422;
  readonly code = "validation_failed";
}
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = "too_many_requests";
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly code = "unavailable";
  constructor(message: string, readonly retryAfterSeconds: number, options: { cause?: unknown } = {}) {
    super(message, options);
  }
}

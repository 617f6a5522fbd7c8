import { ApiException } from "@kubernetes/client-node";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@/lib/http/errors";

/** How long a caller should wait before retrying after the Kubernetes API failed us. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Turns a failed Kubernetes API call into the app's errors. `what` names the object, e.g.
 * `Deployment default/agency-toolkit scale`, and says which setting points at it.
 */
export function toAppError(error: unknown, what: string, setting: string): Error {
  if (!(error instanceof ApiException)) {
    return new UnavailableError(`the Kubernetes API could not be reached for ${what}`, RETRY_AFTER_SECONDS, { cause: error });
  }
  const code = (error as ApiException<unknown>).code;
  switch (code) {
    case 404:
      return new NotFoundError(`Kubernetes ${what} not found; check ${setting} and KUBERNETES_NAMESPACE`, { cause: error });
    case 409:
      // The merge patches carry the resourceVersion we read: someone changed the object in between.
      return new ConflictError(`Kubernetes ${what} changed while it was being updated; read it again and retry`, { cause: error });
    case 422:
      return new ValidationError(`Kubernetes rejected the change to ${what}`, { cause: error });
    default:
      return new UnavailableError(`the Kubernetes API answered ${code} for ${what}`, RETRY_AFTER_SECONDS, { cause: error });
  }
}

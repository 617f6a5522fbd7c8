/**
 * Why an outbound request was refused. `rule` names the rule that refused it, so a caller can
 * show it (a workflow step's `egress_denied` reason) and decide not to retry: the same request
 * would be refused again.
 */
export type EgressRule =
  | "scheme"
  | "credentials_in_url"
  | "port"
  | "private_address"
  | "app_address"
  | "deny_list"
  | "not_in_allow_list"
  | "too_many_redirects"
  | "bad_redirect"
  | "response_too_large";

export class EgressDeniedError extends Error {
  constructor(
    readonly rule: EgressRule,
    message: string,
  ) {
    super(`egress_denied (${rule}): ${message}`);
    this.name = "EgressDeniedError";
  }
}

/**
 * The target could not be reached. Deliberately the same message whatever went wrong (refused,
 * reset, no such host, timed out), so that failures don't reveal which ports are open.
 */
export class EgressConnectionError extends Error {
  constructor(host: string, options: { cause?: unknown } = {}) {
    super(`could not reach ${host}`, options);
    this.name = "EgressConnectionError";
  }
}

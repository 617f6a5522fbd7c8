import { classifyAddress, isIpLiteral, unbracket } from "./addresses";
import { EgressDeniedError } from "./errors";

/**
 * What an outbound request may reach. Pure: no I/O. Built per request by the caller (a tenant's
 * allow-list plus the platform's deny-list for workflow steps); `defaultEgressPolicy` fills in the rest.
 */
export type EgressPolicy = {
  /** Hosts (exact, or `*.example.com` for any subdomain). Empty: any public host is allowed. */
  allowHosts: readonly string[];
  /** Hosts never reached, whatever the allow-list says (same patterns). */
  denyHosts: readonly string[];
  /** Reach private, loopback and link-local addresses too (self-hosted internal targets). */
  allowPrivate: boolean;
  allowedPorts: readonly number[];
  /**
   * Exact `address:port` pairs allowed even though the address is not public, each hop still
   * checked: one named internal service, without opening every private address.
   */
  allowedAddresses: readonly string[];
  /** The app itself: its host names are always refused, its ports on any non-public address too. */
  selfHostnames: readonly string[];
  selfPorts: readonly number[];
};

export const DEFAULT_ALLOWED_PORTS = [80, 443] as const;

export function defaultEgressPolicy(overrides: Partial<EgressPolicy> = {}): EgressPolicy {
  return { allowHosts: [], denyHosts: [], allowPrivate: false, allowedPorts: DEFAULT_ALLOWED_PORTS, allowedAddresses: [], selfHostnames: [], selfPorts: [], ...overrides };
}

/** A host pattern as stored: lowercase, no trailing dot; `*.` only as the first label. */
export const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$|^\[?[0-9a-f:.]+\]?$/;

export function normalizeHost(host: string): string {
  return unbracket(host.trim().toLowerCase().replace(/\.$/, ""));
}

/** `*.example.com` matches `a.example.com` and `a.b.example.com`, not `example.com` itself. */
export function hostMatches(host: string, pattern: string): boolean {
  const target = normalizeHost(host);
  const wanted = normalizeHost(pattern);
  if (wanted.startsWith("*.")) return target.endsWith(wanted.slice(1));
  return target === wanted;
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/**
 * The checks that need no DNS: scheme, credentials, port, the app's own host, the deny- and
 * allow-lists, and a literal IP address. Throws EgressDeniedError; used at save time (a literal
 * URL) and again on every hop at run time.
 */
export function checkUrl(url: URL, policy: EgressPolicy): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new EgressDeniedError("scheme", `${url.protocol} is not http or https`);
  if (url.username || url.password) throw new EgressDeniedError("credentials_in_url", "credentials in the URL are not sent; use a header");
  const host = normalizeHost(url.hostname);
  const port = effectivePort(url);
  if (policy.selfHostnames.some((self) => hostMatches(host, self))) throw new EgressDeniedError("app_address", `${host} is this application`);
  if (policy.denyHosts.some((pattern) => hostMatches(host, pattern))) throw new EgressDeniedError("deny_list", `${host} is on the platform's deny-list`);
  if (policy.allowHosts.length > 0 && !policy.allowHosts.some((pattern) => hostMatches(host, pattern))) {
    throw new EgressDeniedError("not_in_allow_list", `${host} is not on the tenant's allow-list`);
  }
  if (isIpLiteral(host)) checkAddress(host, port, policy);
  else if (!policy.allowedPorts.includes(port) && !policy.allowedAddresses.some((pair) => pair.endsWith(`:${port}`))) throw new EgressDeniedError("port", `port ${port} is not allowed (allowed: ${policy.allowedPorts.join(", ")})`);
}

/** The check on the address a connection is about to be made to (after resolving, every hop). */
export function checkAddress(address: string, port: number, policy: EgressPolicy): void {
  const host = unbracket(address);
  const pair = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const isNamedTarget = policy.allowedAddresses.includes(pair);
  const kind = classifyAddress(host);
  if (isNamedTarget) return;
  if (!policy.allowedPorts.includes(port)) throw new EgressDeniedError("port", `port ${port} is not allowed (allowed: ${policy.allowedPorts.join(", ")})`);
  if (kind === null) return;
  if (!policy.allowPrivate || kind === "unspecified" || kind === "multicast") {
    throw new EgressDeniedError("private_address", `${host} is a ${kind.replace("_", "-")} address`);
  }
  if (policy.selfPorts.includes(port)) throw new EgressDeniedError("app_address", `${pair} may be this application`);
}

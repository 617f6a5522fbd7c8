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
  /** Ports (or inclusive ranges) a request may use; 80 and 443 by default. */
  allowedPorts: readonly PortRule[];
  /**
   * Exact `address:port` pairs allowed even though the address is not public, each hop still
   * checked: one named internal service, without opening every private address.
   */
  allowedAddresses: readonly string[];
  /** The app itself: its host names are always refused, its ports on any non-public address too. */
  selfHostnames: readonly string[];
  selfPorts: readonly number[];
};

export type PortRule = number | readonly [number, number];

export const DEFAULT_ALLOWED_PORTS: readonly PortRule[] = [80, 443];

function isPortAllowed(policy: EgressPolicy, port: number): boolean {
  return policy.allowedPorts.some((rule) => (typeof rule === "number" ? rule === port : port >= rule[0] && port <= rule[1]));
}

const describePorts = (policy: EgressPolicy) => policy.allowedPorts.map((rule) => (typeof rule === "number" ? String(rule) : `${rule[0]}-${rule[1]}`)).join(", ");

export function defaultEgressPolicy(overrides: Partial<EgressPolicy> = {}): EgressPolicy {
  return { allowHosts: [], denyHosts: [], allowPrivate: false, allowedPorts: DEFAULT_ALLOWED_PORTS, allowedAddresses: [], selfHostnames: [], selfPorts: [], ...overrides };
}

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
  // An IP literal is judged by address and port below (the app listens on its ports, not on every port of an address).
  if (!isIpLiteral(host) && policy.selfHostnames.some((self) => hostMatches(host, self))) throw new EgressDeniedError("app_address", `${host} is this application`);
  if (policy.denyHosts.some((pattern) => hostMatches(host, pattern))) throw new EgressDeniedError("deny_list", `${host} is on the platform's deny-list`);
  if (policy.allowHosts.length > 0 && !policy.allowHosts.some((pattern) => hostMatches(host, pattern))) {
    throw new EgressDeniedError("not_in_allow_list", `${host} is not on the tenant's allow-list`);
  }
  if (isIpLiteral(host)) checkAddress(host, port, policy);
  else if (!isPortAllowed(policy, port) && !policy.allowedAddresses.some((pair) => pair.endsWith(`:${port}`))) throw new EgressDeniedError("port", `port ${port} is not allowed (allowed: ${describePorts(policy)})`);
}

/** The check on the address a connection is about to be made to (after resolving, every hop). */
export function checkAddress(address: string, port: number, policy: EgressPolicy): void {
  const host = unbracket(address);
  const pair = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const kind = classifyAddress(host);
  // The app's own ports on any non-public address may be the app itself (/api/metrics, /api/ready), whatever else allows it.
  if (kind !== null && policy.selfPorts.includes(port)) throw new EgressDeniedError("app_address", `${pair} may be this application`);
  if (policy.allowedAddresses.includes(pair)) return;
  if (!isPortAllowed(policy, port)) throw new EgressDeniedError("port", `port ${port} is not allowed (allowed: ${describePorts(policy)})`);
  if (kind === null) return;
  if (!policy.allowPrivate || kind === "unspecified" || kind === "multicast") {
    throw new EgressDeniedError("private_address", `${host} is a ${kind.replace("_", "-")} address`);
  }
}

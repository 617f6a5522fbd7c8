import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client. */
function normalize(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

/** Parses TRUSTED_PROXIES entries ("10.0.0.5", "10.0.0.0/8", "fd00::/8") into a matcher. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(normalize(address));
    if (family === 0) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(normalize(address), type);
    else list.addSubnet(normalize(address), Number(prefix), type);
  }
  return list;
}

function isTrusted(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. Anyone can send
 * X-Forwarded-For, so believing it from an untrusted peer would let every request pick its own
 * address (and its own rate-limit bucket).
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | undefined, proxies: BlockList): string {
  if (!peer) return "unknown";
  const address = normalize(peer);
  if (!forwardedFor || !isTrusted(proxies, address)) return address;
  const hops = forwardedFor.split(",").map(normalize).filter((hop) => isIP(hop) !== 0);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (!isTrusted(proxies, hop) || index === 0) return hop;
  }
  return address;
}

function trustedProxies(): BlockList {
  return processSingleton("trusted-proxies", () => trustedProxyList(env().TRUSTED_PROXIES));
}

function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // requests built in tests have no socket
  }
}

export function clientAddress(c: Context): string {
  return resolveClientAddress(peerAddress(c), c.req.header("x-forwarded-for"), trustedProxies());
}

/**
 * The header better-auth reads a client's address from (its rate-limit key, a session's
 * ipAddress). The API sets it on every /api/auth request from clientAddress and overwrites
 * whatever a client sent under that name.
 */
export const CLIENT_ADDRESS_HEADER = "x-agency-client-address";

/** The request for better-auth, carrying the address the API resolved for it. */
export function withClientAddress(c: Context): Request {
  c.req.raw.headers.set(CLIENT_ADDRESS_HEADER, clientAddress(c));
  return c.req.raw;
}

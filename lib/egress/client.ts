import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIpLiteral, unbracket } from "./addresses";
import { EgressConnectionError, EgressDeniedError } from "./errors";
import { checkAddress, checkUrl, normalizeHost, type EgressPolicy } from "./policy";
import { systemResolver, type Resolver } from "./resolver";

export type EgressInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange (DNS, every hop, the body) must finish within this. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Largest body read; a longer response is refused (`response_too_large`). Default 1 MB. */
  maxBodyBytes?: number;
  maxRedirects?: number;
  resolver?: Resolver;
};

export type EgressResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; url: string; redirects: number };

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: not forwarded when a redirect leaves the original origin. */
const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|cookie)$|token|key|secret/i;

/**
 * One outbound HTTP request under an egress policy. Every hop (the first and each redirect, at
 * most `maxRedirects`) is checked by URL, then resolved, every resolved address checked, and the
 * connection pinned to the checked address, so a DNS answer that changes between the check and
 * the connect (rebinding) cannot redirect it. Throws EgressDeniedError (a rule refused) or
 * EgressConnectionError (uniform, whatever the network said).
 */
export async function egressRequest(target: string | URL, init: EgressInit, policy: EgressPolicy): Promise<EgressResponse> {
  const deadline = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  const maxRedirects = init.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let url = new URL(target);
  let method = (init.method ?? "GET").toUpperCase();
  let body = init.body;
  let headers = { ...init.headers };
  for (let redirects = 0; ; redirects++) {
    checkUrl(url, policy);
    const address = await resolveChecked(url, policy, init.resolver ?? systemResolver, signal);
    const response = await exchange(url, address, { method, headers, body, signal, maxBodyBytes: init.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || !location) return { ...response, url: url.toString(), redirects };
    if (redirects >= maxRedirects) throw new EgressDeniedError("too_many_redirects", `more than ${maxRedirects} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new EgressDeniedError("bad_redirect", "a redirect to an unreadable location");
    }
    if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.test(name)));
    // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = method === "HEAD" ? "HEAD" : "GET";
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
    }
    url = next;
  }
}

type Pinned = { address: string; family: 4 | 6; port: number };

async function resolveChecked(url: URL, policy: EgressPolicy, resolver: Resolver, signal: AbortSignal): Promise<Pinned> {
  const host = normalizeHost(url.hostname);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (isIpLiteral(host)) {
    checkAddress(host, port, policy);
    return { address: unbracket(host), family: host.includes(":") ? 6 : 4, port };
  }
  let found: Awaited<ReturnType<Resolver>>;
  try {
    found = await raceAbort(resolver(host), signal);
  } catch (error) {
    throw new EgressConnectionError(host, { cause: error });
  }
  if (found.length === 0) throw new EgressConnectionError(host);
  // Every answer must pass: a name with one public and one private address is refused.
  for (const entry of found) checkAddress(entry.address, port, policy);
  return { ...found[0]!, port };
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

const tooLarge = (limitBytes: number) => new EgressDeniedError("response_too_large", `the response is larger than ${limitBytes} bytes`);

type ExchangeInit = { method: string; headers: Record<string, string>; body: string | Buffer | undefined; signal: AbortSignal; maxBodyBytes: number };

/** One request/response on a fresh connection to the pinned address (no pooled socket reuse). */
function exchange(url: URL, pinned: Pinned, init: ExchangeInit): Promise<Omit<EgressResponse, "url" | "redirects">> {
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
  const transport = url.protocol === "https:" ? https : http;
  const host = normalizeHost(url.hostname);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error instanceof EgressDeniedError ? error : new EgressConnectionError(host, { cause: error }));
    };
    const request = transport.request(
      {
        protocol: url.protocol,
        host: isIpLiteral(host) ? pinned.address : host,
        port: pinned.port,
        path: `${url.pathname}${url.search}`,
        method: init.method,
        headers: { ...init.headers, host: url.host },
        lookup: pinnedLookup,
        servername: isIpLiteral(host) ? undefined : host,
        agent: false,
        signal: init.signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > init.maxBodyBytes) {
          fail(tooLarge(init.maxBodyBytes));
          return void response.destroy();
        }
        response.on("data", (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > init.maxBodyBytes) {
            fail(tooLarge(init.maxBodyBytes));
            return void response.destroy();
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          if (settled) return;
          settled = true;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
        });
        response.on("error", fail);
        response.on("aborted", () => fail(new Error("response aborted")));
      },
    );
    request.on("error", fail);
    request.end(init.body);
  });
}

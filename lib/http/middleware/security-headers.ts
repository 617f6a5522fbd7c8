import { randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { SESSION_COOKIE_PREFIX } from "@/lib/auth/auth";
import type { ApiEnv } from "@/lib/http/context";

export type SecurityHeaderOptions = {
  /** HSTS and upgrade-insecure-requests only make sense (and only work) when served over TLS. */
  https: boolean;
  /** Development: React's debug tooling needs eval, and the dev server's HMR socket. */
  dev: boolean;
};

const PERMISSIONS_POLICY = [
  // Only features Chromium recognises: it logs an error for any other ("bluetooth" is one).
  "accelerometer",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "serial",
  "usb",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** Two years, the preload list's minimum; subdomains too, as nothing of ours serves plain HTTP. */
const HSTS = "max-age=63072000; includeSubDomains";

/** A fresh CSP nonce: 128 random bits, base64 (the characters Next's nonce pattern accepts). */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The pages' policy. Scripts: only those carrying this response's nonce (Next puts it on its
 * inline bootstrap and chunk scripts, reading it from the request's CSP header that server.ts
 * sets), plus what they load ('strict-dynamic'). Styles: Tailwind's output is a stylesheet from
 * 'self', and Next's own <style> tags carry the nonce. Style *attributes* cannot carry a nonce,
 * and recharts and our chart containers render them server-side (SVG sizes, CSS variables for
 * series colours), so `style-src-attr 'unsafe-inline'` allows attributes only: an injected
 * attribute can restyle an element but cannot run script or load anything. In development Next's
 * dev overlay adds <style> elements without the nonce, so there (only) inline elements pass too.
 */
export function pageContentSecurityPolicy(nonce: string, { https, dev }: SecurityHeaderOptions): string {
  // A nonce in a directive switches 'unsafe-inline' off, so development leaves it out.
  const styleElements = dev ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src ${styleElements}`,
    `style-src-elem ${styleElements}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Every page and asset response's headers, CSP included. */
export function pageSecurityHeaders(nonce: string, options: SecurityHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": pageContentSecurityPolicy(nonce, options),
    "x-content-type-options": "nosniff",
    // For browsers that predate frame-ancestors.
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    ...(options.https ? { "strict-transport-security": HSTS } : {}),
  };
}

/** JSON is never a document: nothing in an API response may run, load or be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const SESSION_COOKIE_MARK = `${SESSION_COOKIE_PREFIX}.session_`;

/** A session cookie or an Authorization header: the answer is that user's, never a shared cache's. */
function isAuthenticated(headers: Headers): boolean {
  return headers.has("authorization") || (headers.get("cookie") ?? "").includes(SESSION_COOKIE_MARK);
}

/**
 * API responses: nosniff and a no-content CSP on everything (HSTS over https), and `no-store` on
 * answers to signed-in requests or that set a cookie, unless the route chose its own caching.
 */
export function secureApiResponses(options: Pick<SecurityHeaderOptions, "https">): MiddlewareHandler<ApiEnv> {
  const always: [string, string][] = [
    ["x-content-type-options", "nosniff"],
    ["content-security-policy", API_CSP],
    ...(options.https ? [["strict-transport-security", HSTS] as [string, string]] : []),
  ];
  return async (c, next) => {
    const authenticated = isAuthenticated(c.req.raw.headers);
    // Set before the handler runs, so c.json() builds the response with them (see observe.ts).
    for (const [name, value] of always) c.header(name, value);
    if (authenticated) c.header("cache-control", "no-store");
    await next();
    const headers = c.res.headers;
    // The common case, a response built with the headers set above (c.json, c.body): all there.
    // The CSP stands for the `always` set, which is set (and found missing) only as a whole.
    if (headers.has("content-security-policy") && (authenticated ? headers.has("cache-control") : !headers.has("set-cookie"))) return;
    // Responses built elsewhere (problem+json, better-auth's) lack what was set above.
    const missing = always.filter(([name]) => !headers.has(name));
    if ((authenticated || headers.has("set-cookie")) && !headers.has("cache-control")) missing.push(["cache-control", "no-store"]);
    const [first, ...rest] = missing;
    if (!first) return;
    // c.header() rebuilds a finished response once; the rebuilt one's headers are ours to change.
    c.header(first[0], first[1]);
    for (const [name, value] of rest) c.res.headers.set(name, value);
  };
}

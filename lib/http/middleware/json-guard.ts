import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "@/lib/http/context";
import { BadRequestError, type FieldError } from "@/lib/http/errors";

/** Deeper than any body we accept; schemas, zod and Prisma walk JSON recursively. */
export const MAX_JSON_DEPTH = 64;

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = /^application\/(.+\+)?json\s*(;|$)/i;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const LETTER_U = 0x75;
const LONE_SURROGATE = /\p{Cs}/u;

export type JsonTextScan = { depth: number; tooDeep: boolean; hasUnstorableString: boolean };

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** The UTF-16 code unit a `\uXXXX` escape starting at `at` (the backslash) stands for, or -1. */
function escapedUnit(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== LETTER_U) return -1;
  const hex = text.slice(at + 2, at + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}

/**
 * One pass over raw JSON text, no recursion and no allocation on the common path: how deep it
 * nests (stopping once past `maxDepth`) and whether a string holds something we cannot store.
 * PostgreSQL rejects NUL in text and a lone surrogate in jsonb (`\ud800`), so both are refused at
 * the door rather than surfacing as a 500 from the database. Escapes are where both come from:
 * UTF-8 decoding of the body already turns raw invalid bytes into U+FFFD.
 */
export function scanJsonText(text: string, maxDepth = MAX_JSON_DEPTH): JsonTextScan {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  let hasUnstorableString = false;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (inString) {
      if (unit === QUOTE) inString = false;
      else if (unit === BACKSLASH) {
        const escaped = escapedUnit(text, index);
        if (escaped === -1) {
          index++; // \" \\ \n and the like: skip the escaped character
          continue;
        }
        index += 5;
        if (escaped === 0 || isLowSurrogate(escaped)) hasUnstorableString = true;
        else if (isHighSurrogate(escaped)) {
          // A pair is two escapes back to back: \ud83d\ude00.
          if (text.charCodeAt(index + 1) === BACKSLASH && isLowSurrogate(escapedUnit(text, index + 1))) index += 6;
          else hasUnstorableString = true;
        }
      } else if (unit === 0 || isLowSurrogate(unit)) hasUnstorableString = true;
      else if (isHighSurrogate(unit)) {
        if (isLowSurrogate(text.charCodeAt(index + 1))) index++;
        else hasUnstorableString = true;
      }
    } else if (unit === QUOTE) inString = true;
    else if (unit === OPEN_BRACKET || unit === OPEN_BRACE) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (depth > maxDepth) return { depth, tooDeep: true, hasUnstorableString };
    } else if (unit === CLOSE_BRACKET || unit === CLOSE_BRACE) depth--;
  }
  return { depth: deepest, tooDeep: false, hasUnstorableString };
}

/** Why a string cannot be stored, or null. */
function unstorableReason(value: string): string | null {
  if (value.includes("\0")) return "must not contain a NUL character (\\u0000)";
  // In a `u` regex a surrogate pair is one code point, so \p{Cs} matches only lone halves.
  if (LONE_SURROGATE.test(value)) return "must not contain a lone UTF-16 surrogate (invalid Unicode)";
  return null;
}

/**
 * Every string (keys too) in a parsed body that cannot be stored, named by its path
 * (`body.steps.0.name`). Recursive: only called on bodies already known to nest at most
 * MAX_JSON_DEPTH deep.
 */
export function findUnstorableStrings(value: unknown, path = "body"): FieldError[] {
  if (typeof value === "string") {
    const reason = unstorableReason(value);
    return reason ? [{ path, message: reason }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findUnstorableStrings(item, `${path}.${index}`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const keyReason = unstorableReason(key);
    // A key that cannot be stored is named escaped, so the error itself stays printable.
    const name = keyReason ? JSON.stringify(key) : key;
    const keyErrors = keyReason ? [{ path: `${path}.${name}`, message: `key ${keyReason}` }] : [];
    return [...keyErrors, ...findUnstorableStrings(item, `${path}.${name}`)];
  });
}

function refuse(what: string, errors: FieldError[]): never {
  throw new BadRequestError(`invalid ${what}: ${errors.map((error) => `${error.path}: ${error.message}`).join("; ")}`, errors);
}

/**
 * A NUL in the path or a query value (`?q=%00`) would reach PostgreSQL the same way. Called only
 * when the URL holds `%00`, which is rare enough to test for on every request.
 */
function refuseNulInUrl(url: string, queries: Record<string, string[]>): void {
  const errors = Object.entries(queries)
    .filter(([name, values]) => name.includes("\0") || values.some((value) => value.includes("\0")))
    .map(([name]) => ({ path: `query.${name.replaceAll("\0", "\\u0000")}`, message: "must not contain a NUL character (%00)" }));
  const pathHasNul = new URL(url).pathname.includes("%00");
  if (pathHasNul) errors.unshift({ path: "path", message: "must not contain a NUL character (%00)" });
  if (errors.length > 0) refuse("request", errors);
}

function guardBody(text: string): void {
  const scan = scanJsonText(text);
  if (scan.tooDeep) refuse("body", [{ path: "body", message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels` }]);
  if (!scan.hasUnstorableString) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError("malformed JSON in request body", [{ path: "body", message: error instanceof Error ? error.message : "not JSON" }]);
  }
  const errors = findUnstorableStrings(parsed);
  if (errors.length > 0) refuse("body", errors);
}

function guardJsonInputWith(handsOnRawRequest: boolean): MiddlewareHandler<ApiEnv> {
  // Not async: a GET passes straight to next() without a promise of its own (every request runs this).
  return (c, next) => {
    if (c.req.url.includes("%00")) refuseNulInUrl(c.req.url, c.req.queries());
    if (!BODY_METHODS.has(c.req.method) || !JSON_TYPE.test(c.req.header("content-type") ?? "")) return next();
    return c.req.text().then(async (text) => {
      guardBody(text);
      // Reading consumed the raw body; a handler given c.req.raw (better-auth's) needs it back.
      if (handsOnRawRequest) c.req.raw = new Request(c.req.raw, { body: text });
      await next();
    });
  };
}

/**
 * Refuses, with 400 naming the field, JSON that would otherwise fail deep inside as a 500: nesting
 * past MAX_JSON_DEPTH (recursive validation and serialisation overflow the stack), and strings
 * with NUL or lone surrogates (PostgreSQL rejects them). The raw text is scanned once; it is parsed
 * here only when something is wrong, and otherwise once by the route's validator from Hono's
 * cached text, as before.
 */
export const guardJsonInput = guardJsonInputWith(false);

/** The same for routes whose handler reads the raw request itself (better-auth's /api/auth/*). */
export const guardJsonInputForRawHandlers = guardJsonInputWith(true);

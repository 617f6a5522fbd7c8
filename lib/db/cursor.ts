import { z } from "zod";
import { BadRequestError } from "@/lib/http/errors";

/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON. Clients
 * pass them back unchanged; a cursor that does not decode to the expected shape is a 400.
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.infer<T> {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new BadRequestError("invalid cursor: pass back the nextCursor of a previous page unchanged", [{ path: "query.cursor", message: "not a cursor this endpoint issued" }]);
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Queries fetch one row more than the page size: its presence says another page exists. */
export function toPage<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, keyOf: (row: Row) => unknown[]): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return { items: pageRows.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

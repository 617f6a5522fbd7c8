import { describe, expect, test } from "vitest";
import { z } from "zod";
import { BadRequestError } from "@/lib/http/errors";
import { decodeCursor, encodeCursor, toPage } from "./cursor";

const keySchema = z.tuple([z.iso.datetime(), z.uuid()]);

describe("cursors", () => {
  test("round-trip the sort key", () => {
    const key = ["2026-11-27T10:00:00.000Z", "7c1e9c1a-52b3-4f7e-9d45-1b2c3d4e5f60"];
    expect(decodeCursor(encodeCursor(key), keySchema)).toEqual(key);
  });

  test.each(["", "not-base64!", encodeCursor(["x"]), encodeCursor([1, 2])])("reject %j with a 400", (cursor) => {
    expect(() => decodeCursor(cursor, keySchema)).toThrow(BadRequestError);
  });
});

describe("toPage", () => {
  const rows = [1, 2, 3, 4];
  test("a full page plus one row has a next cursor at the page's last row", () => {
    const page = toPage(rows, 3, (n) => n * 10, (n) => [n]);
    expect(page.items).toEqual([10, 20, 30]);
    expect(decodeCursor(page.nextCursor!, z.tuple([z.number()]))).toEqual([3]);
  });
  test("the last page has no next cursor", () => {
    expect(toPage(rows, 4, (n) => n, (n) => [n]).nextCursor).toBeNull();
  });
});

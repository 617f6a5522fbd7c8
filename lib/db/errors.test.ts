import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { describe, expect, test } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { isConnectionError, toAppErrorFromDatabase } from "./errors";

/** A Prisma 7 error as the client builds it from the pg adapter's error. */
function prismaError(code: string, cause: ConstructorParameters<typeof DriverAdapterError>[0]) {
  return new Prisma.PrismaClientKnownRequestError(`failed (${code})`, { code, clientVersion: "7", meta: { driverAdapterError: new DriverAdapterError(cause) } });
}

/** What pg raises for a backend the server ended. */
function serverError(code: string, message: string) {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

describe("isConnectionError", () => {
  test.each([
    ["P1001 DatabaseNotReachable", prismaError("P1001", { kind: "DatabaseNotReachable", host: "db", port: 5432 })],
    ["P1008 SocketTimeout", prismaError("P1008", { kind: "SocketTimeout" })],
    ["P1017 ConnectionClosed", prismaError("P1017", { kind: "ConnectionClosed" })],
    ["P2037 TooManyConnections", prismaError("P2037", { kind: "TooManyConnections", cause: "sorry, too many clients already" })],
    ["P2039 wrapping 57P01", prismaError("P2039", { kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection", detail: undefined, column: undefined, hint: undefined, originalCode: "57P01", originalMessage: "terminating connection" })],
    ["a bare DriverAdapterError", new DriverAdapterError({ kind: "ConnectionClosed" })],
    ["pg's 57P01", serverError("57P01", "terminating connection due to administrator command")],
    ["pg's 57P02", serverError("57P02", "terminating connection due to crash of another server process")],
    ["pg's 57P03", serverError("57P03", "the database system is shutting down")],
    ["pg's connection terminated", new Error("Connection terminated unexpectedly")],
    ["pg's broken client asked again", new Error("Client has encountered a connection error and is not queryable")],
    ["a wrapped ECONNREFUSED", new Error("sign-in failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) })],
  ])("%s is a lost connection, answered 503 with Retry-After", (_, error) => {
    expect(isConnectionError(error)).toBe(true);
    expect(toAppErrorFromDatabase(error)).toMatchObject({ status: 503, retryAfterSeconds: expect.any(Number) });
  });

  test.each([
    ["P2002 unique violation", prismaError("P2002", { kind: "UniqueConstraintViolation", constraint: { fields: ["slug"] } })],
    ["a constraint error on the server", serverError("23514", "new row violates check constraint")],
    ["a plain bug", new TypeError("Cannot read properties of undefined")],
  ])("%s is not a lost connection", (_, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

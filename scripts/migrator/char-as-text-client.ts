import pg from "pg";

// PostgreSQL's internal one-byte `"char"` type. The schema engine's catalog queries
// (pg_class.relkind, pg_constraint.contype, …) return it, and adapter-pg 7.10.1 has no column
// type for it: "Column type 'char' could not be deserialized". pg has already parsed those
// values as text by the time the adapter looks at the field list, so relabelling the field as
// `text` is all it takes.
const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryCallback = (error: Error | null, result: unknown) => void;
type UntypedQuery = (this: pg.Client, ...args: unknown[]) => unknown;

/** A pg client whose query results report `"char"` columns as `text`, for the schema engine. */
class CharAsTextClient extends pg.Client {}

// pg.Client#query has a dozen typed overloads that a subclass method cannot restate, so the
// override is installed on the prototype. It covers the promise form (the adapter's own
// queries and transactions) and the callback form (pg.Pool#query calls it that way).
const queryReportingCharAsText: UntypedQuery = function (...args) {
  const baseQuery = pg.Client.prototype.query as UntypedQuery;
  if (isSubmittable(args[0])) return baseQuery.apply(this, args);

  const callbackIndex = args.findIndex((arg) => typeof arg === "function");
  if (callbackIndex >= 0) {
    args[callbackIndex] = relabelBeforeCallback(args[callbackIndex] as QueryCallback);
    return baseQuery.apply(this, args);
  }
  if (hasCallbackProperty(args[0])) {
    args[0] = { ...args[0], callback: relabelBeforeCallback(args[0].callback) };
    return baseQuery.apply(this, args);
  }
  return (baseQuery.apply(this, args) as Promise<unknown>).then(relabelCharFields);
};
Object.defineProperty(CharAsTextClient.prototype, "query", { value: queryReportingCharAsText, writable: true, configurable: true });

function relabelBeforeCallback(callback: QueryCallback): QueryCallback {
  return (error, result) => callback(error, error ? result : relabelCharFields(result));
}

/** Rewrites field type ids in place; a multi-statement query yields an array of results. */
function relabelCharFields<T>(result: T): T {
  for (const single of Array.isArray(result) ? result : [result]) {
    if (!isQueryResult(single)) continue;
    for (const field of single.fields) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

function isQueryResult(value: unknown): value is { fields: pg.FieldDef[] } {
  return typeof value === "object" && value !== null && Array.isArray((value as { fields?: unknown }).fields);
}

function isSubmittable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { submit?: unknown }).submit === "function";
}

function hasCallbackProperty(value: unknown): value is { callback: QueryCallback } {
  return typeof value === "object" && value !== null && typeof (value as { callback?: unknown }).callback === "function";
}

/** Every pool the migration tool hands to adapter-pg is built with this, see CharAsTextClient. */
export function createEnginePool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, Client: CharAsTextClient, max: 4 });
}

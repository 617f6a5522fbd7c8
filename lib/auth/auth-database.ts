import type { PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";

/** Prisma operations that only read: safe to answer from a replica and to repeat. */
const READ_OPERATIONS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy"]);

type ModelDelegate = Record<string, (args: unknown) => Promise<unknown>>;

/** `Session` → `client.session`: the delegate of a model on another client. */
function delegateOf(client: PrismaClient, model: string): ModelDelegate {
  const key = model.charAt(0).toLowerCase() + model.slice(1);
  return (client as unknown as Record<string, ModelDelegate>)[key]!;
}

/**
 * The client better-auth works through: the primary, except that its reads run through
 * `readFresh`, so a session or user lookup answers from a replica while the primary cannot.
 * Writes (sign-in, sign-out, refresh) still need the primary and fail when it is down.
 */
export function createAuthPrismaClient(database: Database) {
  return database.primary.$extends({
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!READ_OPERATIONS.has(operation)) return query(args);
          return database.readFresh((client) => (client === database.primary ? query(args) : delegateOf(client, model)[operation]!(args)));
        },
      },
    },
  });
}

import { z } from "@hono/zod-openapi";

// Pure zod: the app shell's banner imports the type.

export const databaseStatusSchema = z
  .object({
    /** False while this instance cannot reach the primary: reads come from a replica, writes answer 503. */
    primaryReachable: z.boolean(),
  })
  .openapi("DatabaseStatus");
export type DatabaseStatusOutput = z.infer<typeof databaseStatusSchema>;

import type { DbAccess } from "@/lib/db/access";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import { listExecutions } from "./repo";
import { executionCursorSchema, type ListExecutionsInput } from "./schemas";

type Ctx = { tenantId: string; db: DbAccess };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function listWorkflowExecutions(ctx: Ctx, input: ListExecutionsInput) {
  const after = input.cursor ? decodeCursor(input.cursor, executionCursorSchema) : null;
  const key = after ? { createdAt: new Date(after[0]), id: after[1] } : null;
  const rows = await ctx.db.read((client) => listExecutions(client, ctx.tenantId, key, input.limit + 1));
  return toPage(
    rows,
    input.limit,
    (row) => ({ ...row, createdAt: row.createdAt.toISOString(), startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt) }),
    (row) => [row.createdAt.toISOString(), row.id],
  );
}

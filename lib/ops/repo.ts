import type { PrismaClient } from "@/generated/prisma/client";

/** What the server reports for each setting (`SHOW name`); null for a name it does not know. */
export async function readServerSettings(client: PrismaClient, names: string[]): Promise<Record<string, string | null>> {
  const rows = await client.$queryRaw<{ name: string; value: string | null }[]>`
    select name, current_setting(name, true) as value from unnest(${names}::text[]) as name`;
  return Object.fromEntries(rows.map((row) => [row.name, row.value]));
}

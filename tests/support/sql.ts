import fs from "node:fs";
import path from "node:path";
import pg from "pg";

/** One statement on a connection of its own (a server the test may stop, promote or fence). */
export async function query<Row extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The postmaster's pid of the server in `serverDir` (the first line of its postmaster.pid). */
export function postmasterPid(serverDir: string): number {
  return Number.parseInt(fs.readFileSync(path.join(serverDir, "postmaster.pid"), "utf8").split("\n")[0]!, 10);
}

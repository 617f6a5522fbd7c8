import type { PrismaClient } from "@/generated/prisma/client";

/** Event types after which a tenant's dashboard numbers differ: a run was created or ended. */
const CHANGING_EVENTS = ["queued", "succeeded", "failed", "cancelled", "timed_out", "retried_by_operator"];
/**
 * Event ids come from a sequence, and transactions commit out of id order: an event with a lower
 * id can become visible after a higher one was read. Each poll looks this many ids behind the
 * newest seen again, remembering which it has already reported, so a late commit is still noticed.
 */
const OVERLAP_IDS = 1_000n;
const MAX_ROWS_PER_POLL = 10_000;

/**
 * Which tenants' workflow runs changed since the last poll, read from the workflow engine's
 * append-only event log by id (a primary-key range scan), whichever process ran the workflow.
 */
export class RunChangeFeed {
  private newestId: bigint | null = null;
  /** The newest id when the feed started: older events are never reported. */
  private startId = 0n;
  /** Ids reported within the overlap window, so none is reported twice. */
  private reported = new Set<bigint>();

  constructor(
    private readonly client: () => PrismaClient,
    private readonly onChange: (tenantId: string) => void,
  ) {}

  /** Reports each tenant with new changes once; resolves to how many tenants were reported. */
  async poll(): Promise<number> {
    if (this.newestId === null) {
      // Start at the present: stats computed from now on already include everything before.
      const [row] = await this.client().$queryRaw<{ maxId: bigint | null }[]>`select max(id) as "maxId" from workflow_execution_event`;
      this.newestId = row?.maxId ?? 0n;
      this.startId = this.newestId;
      return 0;
    }
    const from = this.newestId - OVERLAP_IDS > this.startId ? this.newestId - OVERLAP_IDS : this.startId;
    const rows = await this.client().$queryRaw<{ id: bigint; tenantId: string }[]>`
      select id, "tenantId"::text as "tenantId" from workflow_execution_event
      where id > ${from} and type::text = any(${CHANGING_EVENTS})
      order by id limit ${MAX_ROWS_PER_POLL}`;
    const tenants = new Set<string>();
    for (const row of rows) {
      if (this.reported.has(row.id) || row.id <= from) continue;
      this.reported.add(row.id);
      tenants.add(row.tenantId);
      if (row.id > this.newestId) this.newestId = row.id;
    }
    const floor = this.newestId > OVERLAP_IDS ? this.newestId - OVERLAP_IDS : 0n;
    for (const id of this.reported) if (id <= floor) this.reported.delete(id);
    for (const tenantId of tenants) this.onChange(tenantId);
    return tenants.size;
  }
}

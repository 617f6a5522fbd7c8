import type { PrismaClient } from "@/generated/prisma/client";
import { eventFromAuditEntry, NOTIFYING_ACTIONS, type AuditEntryView } from "./audit-events";
import { publishNotification } from "./publish";

const CURSOR_ID = "audit";
const ENTRIES_PER_READ = 200;

/**
 * Turns new audit entries into notifications, in order, each once. The cursor row is locked for
 * the read, so two instances (a leader hand-over) never both publish a batch, and it moves in the
 * transaction that publishes. `seq` commits in order (the chain trigger holds a transaction lock
 * while it numbers an entry), so everything up to the highest visible seq is final.
 * Returns how many entries became notifications.
 */
export async function readAuditFeed(client: PrismaClient): Promise<number> {
  return client.$transaction(
    async (tx) => {
      // The first run starts at the log's current end: history is not replayed into inboxes.
      await tx.$executeRaw`
        INSERT INTO notification_feed_cursor (id, "lastSeq")
        VALUES (${CURSOR_ID}, (SELECT coalesce(max(seq), 0) FROM audit_entry))
        ON CONFLICT (id) DO NOTHING`;
      const [cursor] = await tx.$queryRaw<{ lastSeq: bigint }[]>`SELECT "lastSeq" FROM notification_feed_cursor WHERE id = ${CURSOR_ID} FOR UPDATE`;
      const [top] = await tx.$queryRaw<{ head: bigint | null }[]>`SELECT max(seq) AS head FROM audit_entry`;
      const head = top?.head ?? null;
      const from = cursor!.lastSeq;
      if (head === null || head <= from) return 0;
      const entries = await tx.auditEntry.findMany({
        where: { seq: { gt: from, lte: head }, action: { in: [...NOTIFYING_ACTIONS] } },
        orderBy: { seq: "asc" },
        take: ENTRIES_PER_READ,
        select: { seq: true, at: true, actorUserId: true, actorEmail: true, action: true, target: true, before: true, after: true },
      });
      let published = 0;
      for (const entry of entries satisfies AuditEntryView[]) {
        const event = eventFromAuditEntry(entry);
        if (!event) continue;
        await publishNotification(tx, event);
        published++;
      }
      // A full batch stops at its last entry; a short one has seen everything up to the head.
      const reached = entries.length === ENTRIES_PER_READ ? entries.at(-1)!.seq : head;
      await tx.notificationFeedCursor.update({ where: { id: CURSOR_ID }, data: { lastSeq: reached } });
      return published;
    },
    { timeout: 30_000 },
  );
}

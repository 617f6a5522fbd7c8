import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { readChainBatch, readChainProtections } from "./repo";

/** The first entry's prevHash. */
const GENESIS_HASH = "0".repeat(64);
const DEFAULT_BATCH_SIZE = 1_000;
/** Triggers the migration installs; a missing or disabled one lets entries change unnoticed from now on. */
const PROTECTIONS = ["audit_entry_chain", "audit_entry_append_only", "audit_entry_no_truncate"] as const;

export type BrokenLink = {
  seq: number;
  /**
   * `sequence`: the entry's seq is not the one after the previous entry's (an entry was removed);
   * `link`: its prevHash is not the previous entry's hash (an entry before it was changed or
   * replaced); `hash`: its hash does not match its own fields (the entry itself was changed).
   */
  check: "sequence" | "link" | "hash";
  expected: string;
  stored: string;
};

export type ChainVerification = {
  /** The chain is intact (protections are reported apart, in `unprotected`). */
  ok: boolean;
  /** Entries checked: all of them when ok, else up to and including the broken one. */
  entries: number;
  head: { seq: number; hash: string } | null;
  broken: BrokenLink | null;
  /** Protection triggers that are missing or disabled. */
  unprotected: string[];
};

/**
 * Walks the whole chain in seq order, a batch at a time (memory stays bounded by the batch size
 * whatever the log's length), and stops at the first entry that does not follow from the one
 * before it.
 */
export async function verifyAuditChain(client: PrismaClient | Prisma.TransactionClient, batchSize = DEFAULT_BATCH_SIZE): Promise<ChainVerification> {
  const triggers = await readChainProtections(client);
  const unprotected = PROTECTIONS.filter((name) => !triggers.some((trigger) => trigger.name === name && trigger.enabled));
  let previous = { seq: 0n, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const batch = await readChainBatch(client, previous.seq, batchSize);
    for (const row of batch) {
      entries += 1;
      const broken = checkEntry(row, previous);
      if (broken) return { ok: false, entries, head: null, broken, unprotected: [...unprotected] };
      previous = { seq: row.seq, hash: row.hash };
    }
    if (batch.length < batchSize) break;
  }
  const head = previous.seq === 0n ? null : { seq: Number(previous.seq), hash: previous.hash };
  return { ok: true, entries, head, broken: null, unprotected: [...unprotected] };
}

function checkEntry(row: { seq: bigint; prevHash: string; hash: string; expectedHash: string }, previous: { seq: bigint; hash: string }): BrokenLink | null {
  const seq = Number(row.seq);
  if (row.seq !== previous.seq + 1n) return { seq, check: "sequence", expected: String(previous.seq + 1n), stored: String(row.seq) };
  if (row.prevHash !== previous.hash) return { seq, check: "link", expected: previous.hash, stored: row.prevHash };
  if (row.hash !== row.expectedHash) return { seq, check: "hash", expected: row.expectedHash, stored: row.hash };
  return null;
}

/** One line for people: "ok, N entries" or where and how the chain breaks. */
export function describeVerification(result: ChainVerification): string[] {
  const lines: string[] = [];
  if (result.broken) {
    const { seq, check, expected, stored } = result.broken;
    const what = { sequence: "seq does not follow the previous entry (an entry is missing)", link: "prevHash is not the previous entry's hash", hash: "hash does not match the entry's fields" }[check];
    lines.push(`broken at seq ${seq}: ${what}; expected ${expected}, stored ${stored}`);
  } else {
    lines.push(`ok, ${result.entries} entries${result.head ? ` (head seq ${result.head.seq}, hash ${result.head.hash})` : ""}`);
  }
  if (result.unprotected.length > 0) lines.push(`warning: protection triggers missing or disabled: ${result.unprotected.join(", ")}`);
  return lines;
}

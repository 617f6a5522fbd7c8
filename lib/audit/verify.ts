import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { readCheckpointProtections } from "./checkpoint-repo";
import { CheckpointChecker, type CheckpointFailure, type CheckpointVerification } from "./checkpoints";
import type { AuditHead } from "./head-signature";
import { readChainBatch, readChainProtections } from "./repo";

type Db = PrismaClient | Prisma.TransactionClient;

/** The first entry's prevHash, and the hash of the empty log's head (seq 0). */
export const GENESIS_HASH = "0".repeat(64);
const DEFAULT_BATCH_SIZE = 1_000;
/** Triggers the migration installs; a missing or disabled one lets entries change unnoticed from now on. */
const PROTECTIONS = ["audit_entry_chain", "audit_entry_append_only", "audit_entry_no_truncate"] as const;
const CHECKPOINT_PROTECTIONS = ["audit_checkpoint_append_only", "audit_checkpoint_no_truncate"] as const;

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
 * before it. The chain alone: a superuser who rewrites the tail and recomputes every hash passes
 * this; verifyAuditLog also holds it against the signed checkpoints.
 */
export async function verifyAuditChain(client: Db, batchSize = DEFAULT_BATCH_SIZE): Promise<ChainVerification> {
  return walkChain(client, batchSize, async () => {});
}

export type AuditLogVerification = ChainVerification & { checkpoints: CheckpointVerification };

/**
 * The chain, and every signed checkpoint against it: each checkpoint's signature (with the key,
 * when given) and that the chain still has the signed hash at the signed seq. `ok` only when
 * both hold. `remembered` is a checkpoint kept outside the database (this process's newest), so
 * removing checkpoints along with a rewritten tail is caught too.
 */
export async function verifyAuditLog(client: Db, options: { headKey: string | undefined; remembered?: AuditHead; batchSize?: number }): Promise<AuditLogVerification> {
  const checker = new CheckpointChecker(client, { headKey: options.headKey, remembered: options.remembered });
  const chain = await walkChain(client, options.batchSize ?? DEFAULT_BATCH_SIZE, (afterSeq, batch) => checker.observe(afterSeq, batch));
  const checkpoints = await checker.finish(chain.ok ? BigInt(chain.head?.seq ?? 0) : null);
  const triggers = await readCheckpointProtections(client);
  const unprotected = CHECKPOINT_PROTECTIONS.filter((name) => !triggers.some((trigger) => trigger.name === name && trigger.enabled));
  const ok = chain.ok && checkpoints.failed === null;
  return { ...chain, ok, head: ok ? chain.head : null, unprotected: [...chain.unprotected, ...unprotected], checkpoints };
}

async function walkChain(client: Db, batchSize: number, onVerifiedBatch: (afterSeq: bigint, batch: ChainRow[]) => Promise<void>): Promise<ChainVerification> {
  const triggers = await readChainProtections(client);
  const unprotected = PROTECTIONS.filter((name) => !triggers.some((trigger) => trigger.name === name && trigger.enabled));
  let previous = { seq: 0n, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const batch = await readChainBatch(client, previous.seq, batchSize);
    const batchStart = previous.seq;
    for (const row of batch) {
      entries += 1;
      const broken = checkEntry(row, previous);
      if (broken) return { ok: false, entries, head: null, broken, unprotected: [...unprotected] };
      previous = { seq: row.seq, hash: row.hash };
    }
    await onVerifiedBatch(batchStart, batch);
    if (batch.length < batchSize) break;
  }
  const head = previous.seq === 0n ? null : { seq: Number(previous.seq), hash: previous.hash };
  return { ok: true, entries, head, broken: null, unprotected: [...unprotected] };
}

type ChainRow = { seq: bigint; prevHash: string; hash: string; expectedHash: string };

function checkEntry(row: ChainRow, previous: { seq: bigint; hash: string }): BrokenLink | null {
  const seq = Number(row.seq);
  if (row.seq !== previous.seq + 1n) return { seq, check: "sequence", expected: String(previous.seq + 1n), stored: String(row.seq) };
  if (row.prevHash !== previous.hash) return { seq, check: "link", expected: previous.hash, stored: row.prevHash };
  if (row.hash !== row.expectedHash) return { seq, check: "hash", expected: row.expectedHash, stored: row.hash };
  return null;
}

const CHECKPOINT_FAILURES: Record<CheckpointFailure["check"], string> = {
  signature: "its signature does not verify with the key (forged, or signed with another key)",
  hash: "the chain's entry there no longer has the signed hash (the log was rewritten after it was signed)",
  missing: "the chain ends before it (entries were removed after it was signed)",
  deleted: "this process recorded it and it is gone from audit_checkpoint (checkpoints were removed)",
};

/** One line for people: "ok, N entries" or where and how the log breaks, then any warnings. */
export function describeVerification(result: ChainVerification | AuditLogVerification): string[] {
  const lines: string[] = [];
  const checkpoints = "checkpoints" in result ? result.checkpoints : null;
  if (result.broken) {
    const { seq, check, expected, stored } = result.broken;
    const what = { sequence: "seq does not follow the previous entry (an entry is missing)", link: "prevHash is not the previous entry's hash", hash: "hash does not match the entry's fields" }[check];
    lines.push(`broken at seq ${seq}: ${what}; expected ${expected}, stored ${stored}`);
  } else if (checkpoints?.failed) {
    const { seq, check, expected, stored } = checkpoints.failed;
    lines.push(`broken at the signed checkpoint of seq ${seq}: ${CHECKPOINT_FAILURES[check]}; signed ${expected}${stored ? `, stored ${stored}` : ""}`);
  } else {
    lines.push(`ok, ${result.entries} entries${result.head ? ` (head seq ${result.head.seq}, hash ${result.head.hash})` : ""}`);
    if (checkpoints && checkpoints.checked > 0) {
      const count = checkpoints.checked === 1 ? "1 signed checkpoint matches" : `${checkpoints.checked} signed checkpoints match`;
      lines.push(`${count} (the latest at seq ${checkpoints.latest?.seq ?? "?"})`);
    }
  }
  if (result.unprotected.length > 0) lines.push(`warning: protection triggers missing or disabled: ${result.unprotected.join(", ")}`);
  if (checkpoints && checkpoints.checked > 0 && !checkpoints.signaturesChecked) lines.push("warning: checkpoint signatures were not checked: no AUDIT_HEAD_KEY");
  return lines;
}

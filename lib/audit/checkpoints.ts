import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { findCheckpointAfter, findCheckpointAt, findLatestCheckpoint, listCheckpointsBetween, type CheckpointRow } from "./checkpoint-repo";
import { isAuditHeadSignatureValid, type AuditHead } from "./head-signature";

export type CheckpointFailure = {
  seq: number;
  /**
   * `signature`: the checkpoint's signature does not verify with the key (forged, or signed with
   * another key); `hash`: the chain's entry at that seq no longer has the signed hash (the log
   * was rewritten after it was signed); `missing`: the chain ends before that seq (entries were
   * removed); `deleted`: a checkpoint this process recorded is gone from the table.
   */
  check: "signature" | "hash" | "missing" | "deleted";
  /** The hash the checkpoint vouches for. */
  expected: string;
  /** The chain's hash at that seq now; null when it has no entry there, and for `signature`. */
  stored: string | null;
};

export type CheckpointVerification = {
  /** Checkpoints compared with the chain (all of them unless one failed or the chain broke first). */
  checked: number;
  /** False without the key: hashes are still compared, signatures are not checked. */
  signaturesChecked: boolean;
  latest: { seq: number; hash: string; at: string } | null;
  failed: CheckpointFailure | null;
};

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Compares the signed checkpoints with the chain while verify walks it: fed each verified batch
 * in seq order, it reads only the checkpoints in that batch's range (at most one per entry), so
 * memory stays bounded by the batch size like the walk's.
 */
export class CheckpointChecker {
  private checked = 0;
  private failed: CheckpointFailure | null = null;

  constructor(
    private readonly client: Db,
    private readonly options: {
      headKey: string | undefined;
      /** The newest checkpoint this process recorded: checked even if its row was removed. */
      remembered: AuditHead | undefined;
    },
  ) {}

  /** A verified batch of the chain: the entries after `afterSeq`, in order. */
  async observe(afterSeq: bigint, entries: { seq: bigint; hash: string }[]): Promise<void> {
    if (this.failed || entries.length === 0) return;
    const hashAt = new Map(entries.map((entry) => [entry.seq, entry.hash]));
    for (const checkpoint of await listCheckpointsBetween(this.client, afterSeq, entries.at(-1)!.seq)) {
      this.checked += 1;
      this.failed = this.check(checkpoint, hashAt.get(checkpoint.seq) ?? null);
      if (this.failed) return;
    }
    const remembered = this.options.remembered;
    const hash = remembered ? hashAt.get(BigInt(remembered.seq)) : undefined;
    if (remembered && hash !== undefined && hash !== remembered.hash) this.failed = { seq: remembered.seq, check: "hash", expected: remembered.hash, stored: hash };
  }

  /** `headSeq`: the last entry of an intact chain, 0 when empty; null when the chain is broken. */
  async finish(headSeq: bigint | null): Promise<CheckpointVerification> {
    if (!this.failed && headSeq !== null) this.failed = await this.findMissing(headSeq);
    const latest = await findLatestCheckpoint(this.client);
    return {
      checked: this.checked,
      signaturesChecked: this.options.headKey !== undefined,
      latest: latest ? { seq: Number(latest.seq), hash: latest.hash, at: latest.at.toISOString() } : null,
      failed: this.failed,
    };
  }

  private check(checkpoint: CheckpointRow, chainHash: string | null): CheckpointFailure | null {
    const seq = Number(checkpoint.seq);
    const key = this.options.headKey;
    if (key && !isAuditHeadSignatureValid(key, { seq, hash: checkpoint.hash }, checkpoint.signature)) return { seq, check: "signature", expected: checkpoint.hash, stored: null };
    if (chainHash === checkpoint.hash) return null;
    return { seq, check: chainHash === null ? "missing" : "hash", expected: checkpoint.hash, stored: chainHash };
  }

  /** A checkpoint past the chain's end (entries removed), or a remembered one whose row is gone. */
  private async findMissing(headSeq: bigint): Promise<CheckpointFailure | null> {
    const beyond = await findCheckpointAfter(this.client, headSeq);
    if (beyond) return { seq: Number(beyond.seq), check: "missing", expected: beyond.hash, stored: null };
    const remembered = this.options.remembered;
    if (!remembered) return null;
    if (BigInt(remembered.seq) > headSeq) return { seq: remembered.seq, check: "missing", expected: remembered.hash, stored: null };
    const row = await findCheckpointAt(this.client, BigInt(remembered.seq));
    return row ? null : { seq: remembered.seq, check: "deleted", expected: remembered.hash, stored: null };
  }
}

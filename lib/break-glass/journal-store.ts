import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { UnavailableError } from "@/lib/http/errors";
import type { JournalEntry, NewJournalEntry } from "./entries";

/**
 * Where the break-glass journal is kept: somewhere that outlives the primary's loss and that
 * every instance reads. Each change runs under the journal's lock, so two instances cannot both
 * start a run or both approve one, as the primary's constraints would otherwise ensure.
 */
export interface JournalStore {
  readonly kind: "file" | "redis";
  /** The entries in order, without the lock (readers see each append whole or not at all). */
  read(): Promise<JournalEntry[]>;
  /** Under the lock: `decide` sees the entries, may throw, and says what to append. */
  update<T>(decide: (entries: JournalEntry[]) => Promise<{ append: NewJournalEntry[]; result: T }> | { append: NewJournalEntry[]; result: T }): Promise<T>;
  /** Under the lock: `replay` gets every entry; once it resolves the journal starts empty. Returns the count. */
  drain(replay: (entries: JournalEntry[]) => Promise<void>): Promise<number>;
}

/** How long a change waits for the lock before answering 503. */
const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 60_000;
/** Archived journals kept beside the live one after a replay, newest first. */
const ARCHIVES_KEPT = 5;

function numbered(entries: JournalEntry[], append: NewJournalEntry[]): JournalEntry[] {
  let seq = entries.at(-1)?.seq ?? 0;
  return append.map((entry) => ({ ...entry, seq: ++seq }) as JournalEntry);
}

function parseLines(text: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // A line cut short by a crash mid-append: it was never acknowledged, so it never happened.
    }
  }
  return entries;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * JSON lines in one file, appended with fsync: the supervisor's instances share the data dir.
 * The lock is a file created exclusively, holding its owner's pid.
 */
export class FileJournalStore implements JournalStore {
  readonly kind = "file";
  private readonly file: string;
  private readonly lockFile: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, "journal.jsonl");
    this.lockFile = path.join(dir, "journal.lock");
  }

  async read(): Promise<JournalEntry[]> {
    try {
      return parseLines(await fs.promises.readFile(this.file, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  async update<T>(decide: (entries: JournalEntry[]) => Promise<{ append: NewJournalEntry[]; result: T }> | { append: NewJournalEntry[]; result: T }): Promise<T> {
    return this.locked(async () => {
      const entries = await this.read();
      const { append, result } = await decide(entries);
      if (append.length > 0) this.appendDurably(numbered(entries, append));
      return result;
    });
  }

  async drain(replay: (entries: JournalEntry[]) => Promise<void>): Promise<number> {
    return this.locked(async () => {
      const entries = await this.read();
      if (entries.length === 0) return 0;
      await replay(entries);
      fs.renameSync(this.file, path.join(this.dir, `journal-replayed-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`));
      this.pruneArchives();
      return entries.length;
    });
  }

  private appendDurably(entries: JournalEntry[]): void {
    const descriptor = fs.openSync(this.file, "a", 0o600);
    try {
      fs.writeSync(descriptor, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(""));
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
  }

  private pruneArchives(): void {
    const archives = fs.readdirSync(this.dir).filter((name) => name.startsWith("journal-replayed-")).sort().reverse();
    for (const name of archives.slice(ARCHIVES_KEPT)) fs.rmSync(path.join(this.dir, name), { force: true });
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        fs.writeFileSync(this.lockFile, String(process.pid), { flag: "wx", mode: 0o600 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        this.removeStaleLock();
        if (Date.now() > deadline) throw new UnavailableError("the break-glass journal is busy; retry shortly", 2);
        await sleep(10);
      }
    }
    try {
      return await work();
    } finally {
      fs.rmSync(this.lockFile, { force: true });
    }
  }

  private removeStaleLock(): void {
    try {
      const holder = Number(fs.readFileSync(this.lockFile, "utf8"));
      const ageMs = Date.now() - fs.statSync(this.lockFile).mtimeMs;
      if ((Number.isInteger(holder) && holder > 0 && !isAlive(holder)) || ageMs > STALE_LOCK_MS) fs.rmSync(this.lockFile, { force: true });
    } catch {
      // Released between our attempt and this look: the next attempt takes it.
    }
  }
}

const RELEASE_IF_OWNER = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A Redis list shared by every instance, with a token lock (SET NX PX) around each change. */
export class RedisJournalStore implements JournalStore {
  readonly kind = "redis";
  private readonly listKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly client: Redis,
    prefix = "agency:break-glass",
  ) {
    this.listKey = `${prefix}:journal`;
    this.lockKey = `${prefix}:lock`;
  }

  async read(): Promise<JournalEntry[]> {
    return parseLines((await this.client.lrange(this.listKey, 0, -1)).join("\n"));
  }

  async update<T>(decide: (entries: JournalEntry[]) => Promise<{ append: NewJournalEntry[]; result: T }> | { append: NewJournalEntry[]; result: T }): Promise<T> {
    return this.locked(async () => {
      const entries = await this.read();
      const { append, result } = await decide(entries);
      if (append.length > 0) await this.client.rpush(this.listKey, ...numbered(entries, append).map((entry) => JSON.stringify(entry)));
      return result;
    });
  }

  async drain(replay: (entries: JournalEntry[]) => Promise<void>): Promise<number> {
    return this.locked(async () => {
      const entries = await this.read();
      if (entries.length === 0) return 0;
      await replay(entries);
      await this.client.del(this.listKey);
      return entries.length;
    });
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    while ((await this.client.set(this.lockKey, token, "PX", STALE_LOCK_MS, "NX")) !== "OK") {
      if (Date.now() > deadline) throw new UnavailableError("the break-glass journal is busy; retry shortly", 2);
      await sleep(10);
    }
    try {
      return await work();
    } finally {
      await this.client.eval(RELEASE_IF_OWNER, 1, this.lockKey, token).catch(() => {});
    }
  }
}

import { createHash } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../storage/database.ts";
import type { IngestFileResult } from "./ingest-types.ts";
import { isReplyFile, listReplyFiles } from "./reply-files.ts";

/**
 * Watches the corpus folder while the bot runs and ingests new and changed
 * reply files. A file is taken only once its size and modification time
 * stayed the same over the debounce window, so a file still being written is
 * never ingested half; its content hash is remembered, so a touch without a
 * change, or a file that failed (not a reply, or cut short), is not tried
 * again until it changes. `fs.watch` (recursive) gives the events; a periodic
 * rescan of sizes and times catches the ones it loses.
 */

/** Options for {@link CorpusWatcher}. */
export interface CorpusWatcherOptions {
  /** The folder watched (recursively; hidden entries and other file types are ignored). */
  readonly dir: string;
  /**
   * Stores one file; `source` is its path relative to {@link dir} (as a folder
   * ingest names it), `bytes` its content as the watcher read it (not to be read again).
   */
  readonly ingest: (file: string, source: string, bytes: Buffer) => Promise<IngestFileResult>;
  /** Told once whenever files were stored and the queue is empty (e.g. to update the search index). */
  readonly afterIngest?: () => Promise<unknown>;
  /** Told each file's result. */
  readonly onResult?: (result: IngestFileResult) => void;
  /** Told about a watch or scan error (the watcher keeps going). */
  readonly onError?: (error: unknown) => void;
  /** How long size and time must stay unchanged, in ms. Default 1000. */
  readonly debounceMs?: number;
  /** Rescan interval, in ms. Default 30 000. */
  readonly rescanMs?: number;
  /**
   * Which files already present at start are ingested: `all`, `none`, or a
   * predicate (e.g. "not stored yet, or changed since it was"). Default `none`.
   */
  readonly initial?: "all" | "none" | ((file: string, source: string, mtimeMs: number) => boolean);
}

interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
}

/** Watches a folder and ingests its changed reply files; see the module comment. */
export class CorpusWatcher {
  private readonly debounceMs: number;
  /** The state each file had when it was last ingested (or found at start), and its bytes' hash. */
  private readonly done = new Map<string, FileState & { hash: string | null }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue: string[] = [];
  private fsWatcher: FSWatcher | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: CorpusWatcherOptions) {
    this.debounceMs = options.debounceMs ?? 1000;
  }

  /** Starts watching: the first scan decides which present files to ingest ({@link CorpusWatcherOptions.initial}). */
  async start(): Promise<void> {
    try {
      // Not persistent: the watcher never keeps the process alive by itself.
      const settings = { recursive: true, persistent: false };
      this.fsWatcher = watch(this.options.dir, settings, (_event, name) => {
        if (name) this.touched(path.join(this.options.dir, name.toString()));
      });
      this.fsWatcher.on("error", (error) => this.options.onError?.(error));
    } catch (error) {
      // Without events (folder missing, or no recursive watch here) the rescan still finds changes.
      this.options.onError?.(error);
    }
    await this.scan(this.options.initial ?? "none");
    this.rescanTimer = setInterval(() => void this.scan("all"), this.options.rescanMs ?? 30_000);
    this.rescanTimer.unref();
  }

  /** Stops watching and waits for the file being ingested, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.fsWatcher?.close();
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    await this.draining;
  }

  /** Lists the folder and schedules every file whose size or time differs from when it was last taken. */
  private async scan(initial: NonNullable<CorpusWatcherOptions["initial"]>): Promise<void> {
    let files: string[];
    try {
      files = await listReplyFiles(this.options.dir);
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    const present = new Set(files);
    for (const file of this.done.keys()) if (!present.has(file)) this.done.delete(file);
    for (const file of files) {
      const state = await statOf(file);
      if (!state || this.stopped) continue;
      const known = this.done.get(file);
      if (known && sameState(known, state)) continue;
      const take =
        known !== undefined ||
        initial === "all" ||
        (typeof initial === "function" && initial(file, this.source(file), state.mtimeMs));
      if (take) this.arm(file, state);
      else this.done.set(file, { ...state, hash: null });
    }
  }

  /** A watch event: (re)start the file's debounce from its current state; a folder moved in is listed. */
  private touched(file: string): void {
    if (this.stopped || isHidden(this.options.dir, file)) return;
    void stat(file)
      .then(async (info) => {
        if (this.stopped) return;
        if (info.isDirectory()) {
          for (const inner of await listReplyFiles(file)) this.touched(inner);
        } else if (info.isFile() && isReplyFile(file)) {
          this.arm(file, { size: info.size, mtimeMs: info.mtimeMs });
        }
      })
      // Gone again (a temporary file, a rename): nothing to take.
      .catch(() => undefined);
  }

  private arm(file: string, seen: FileState): void {
    clearTimeout(this.timers.get(file));
    const timer = setTimeout(() => void this.settle(file, seen), this.debounceMs);
    timer.unref();
    this.timers.set(file, timer);
  }

  /** The debounce ran out: ingest when the file stayed as it was, else wait another window. */
  private async settle(file: string, seen: FileState): Promise<void> {
    this.timers.delete(file);
    const now = await statOf(file);
    if (!now || this.stopped) return;
    if (!sameState(now, seen)) return this.arm(file, now);
    const known = this.done.get(file);
    if (known && sameState(known, now)) return;
    if (!this.queue.includes(file)) this.queue.push(file);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Ingests queued files one at a time; tells `afterIngest` once the queue is empty. */
  private async drain(): Promise<void> {
    let stored = false;
    for (let file = this.queue.shift(); file && !this.stopped; file = this.queue.shift()) {
      try {
        stored = (await this.take(file)) || stored;
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    if (stored && !this.stopped) await this.options.afterIngest?.().catch(this.options.onError);
  }

  /** Ingests one stable file unless its bytes are the ones already taken; true when a reply was stored. */
  private async take(file: string): Promise<boolean> {
    const before = await statOf(file);
    if (!before) return false;
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return false;
    const hash = sha256(bytes);
    const known = this.done.get(file);
    this.done.set(file, { ...before, hash });
    if (known?.hash === hash) return false;
    const result = await this.options.ingest(file, this.source(file), bytes);
    this.options.onResult?.(result);
    const after = await statOf(file);
    if (after && !sameState(after, before)) {
      // Written again while it was read. The same bytes (a rewrite, a touch) were taken
      // already; other bytes are forgotten, so the next event or scan takes them.
      if ((await hashOf(file)) === hash) this.done.set(file, { ...after, hash });
      else this.done.delete(file);
    } else if (!after) this.done.delete(file);
    // The database was busy or failing: not the file's fault, so the next scan tries it again.
    if (result.outcome === "failed" && result.errorCode === "DATABASE") this.done.delete(file);
    return result.outcome === "added" || result.outcome === "revised";
  }

  private source(file: string): string {
    return path.relative(this.options.dir, file).split(path.sep).join("/");
  }
}

/**
 * The start-up choice for a folder the bot has seen before: a file is taken
 * when no stored reply came from its path, or it changed after that reply was
 * stored (files added or edited while the bot was stopped).
 */
export async function notStoredOrChangedSince(
  db: Database,
): Promise<(file: string, source: string, mtimeMs: number) => boolean> {
  const rows = await db.selectFrom("reply").select(["source_file", "updated_at"]).execute();
  const stored = new Map(rows.map((r) => [r.source_file, Date.parse(r.updated_at)]));
  return (_file, source, mtimeMs) => {
    const at = stored.get(source);
    return at === undefined || !(mtimeMs <= at);
  };
}

async function statOf(file: string): Promise<FileState | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
}

async function hashOf(file: string): Promise<string | null> {
  const bytes = await readFile(file).catch(() => null);
  return bytes && sha256(bytes);
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function sameState(a: FileState, b: FileState): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Outside the folder, or with a hidden part in its path. */
function isHidden(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative.startsWith("..") || relative.split(path.sep).some((p) => p.startsWith("."));
}

import { type Database, readTransaction } from "../storage/database.ts";
import { type CorpusState, corpusState } from "../storage/meta.repository.ts";
import { type ReplySummary, repliesChangedSince, toSummary } from "../storage/reply.repository.ts";
import { getSectionsOfReplies, type SectionRecord } from "../storage/section.repository.ts";
import type { Catalog } from "./catalog.ts";
import { type BuildOptions, buildCorpusIndex, type CorpusIndex } from "./index-store.ts";
import type { SectionIndex } from "./section-index.ts";

/**
 * Keeps the search index in step with the database, off the request path.
 *
 * A timer looks at the database every `intervalMs` (one small query); the
 * process's own ingests call {@link IndexFollower.sync} at once. A few
 * changed replies are read in one read transaction and applied together,
 * synchronously, so a question sees each reply either before or after. Many
 * changes, or a reply gone, mean a rebuild: a new catalog and index are
 * built from one read transaction while questions are still answered from
 * the current ones, then swapped in. Nothing here runs inside a question.
 */

/** Tuning of {@link IndexFollower}. */
export interface FollowerOptions {
  /** How often the timer looks for other processes' writes. Default 2000 ms. */
  readonly intervalMs?: number;
  /** Above this many changed replies, and {@link bulkShare} of the corpus, rebuild. Default 200. */
  readonly bulkReplies?: number;
  /** Default 0.1. */
  readonly bulkShare?: number;
  /** Told about a failed background pass (the next one tries again). */
  readonly onError?: (error: unknown) => void;
  /** Test seam, passed to the rebuild in this thread. */
  readonly build?: BuildOptions;
  /**
   * Builds the new catalog and index elsewhere (a worker thread), so not
   * even the final packing stops this thread. On failure the rebuild runs
   * here, in batches between questions.
   */
  readonly buildElsewhere?: () => Promise<CorpusIndex>;
}

/** What one pass did. */
export interface SyncResult {
  /** Replies taken in (added, revised or, on a rebuild, all). */
  readonly replies: number;
  readonly rebuilt: boolean;
}

/** The catalog and index current for questions, and keeps them current. */
export class IndexFollower {
  private state: CorpusIndex;
  private running: Promise<SyncResult> | null = null;
  private queued: Promise<SyncResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly waiters: { version: number; resolve: () => void }[] = [];

  /**
   * @param reader a connection of its own when the database is a file, so
   *   a long rebuild never holds the connection questions use
   */
  constructor(
    private readonly reader: Database,
    initial: CorpusIndex,
    private readonly options: FollowerOptions = {},
  ) {
    this.state = initial;
  }

  /** Citation data of every reply and section, as of {@link version}. */
  get catalog(): Catalog {
    return this.state.catalog;
  }

  /** The section index, as of {@link version}. */
  get index(): SectionIndex {
    return this.state.index;
  }

  /** The corpus version the catalog and index reflect. */
  get version(): number {
    return this.state.version;
  }

  /** The current catalog, index, version and database identity (e.g. to save a snapshot). */
  get current(): CorpusIndex {
    return this.state;
  }

  /** Starts following other processes' writes in the background (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.running, this.queued]);
  }

  /**
   * Brings the index up to the database now. A call made while a pass runs
   * gets one more pass after it, so a write committed before the call is
   * always taken in. Callers that must not wait (questions) never call this.
   */
  sync(): Promise<SyncResult> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.sync();
      });
    return this.queued;
  }

  /** Resolves once the index reflects corpus version `version` or later. */
  whenVersion(version: number): Promise<void> {
    if (this.state.version >= version) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ version, resolve }));
  }

  private async pass(): Promise<SyncResult> {
    const known = this.state;
    const head = await readTransaction(this.reader, corpusState);
    if (head.version === known.version && head.replies === known.catalog.replies.size) {
      return { replies: 0, rebuilt: false };
    }
    const delta = await readTransaction(this.reader, async (trx) => {
      const now = await corpusState(trx);
      const ids = await repliesChangedSince(trx, known.version);
      if (this.needsRebuild(ids, now, known.catalog)) return null;
      return { now, changes: await readReplies(trx, ids) };
    });
    if (!delta) {
      this.swap(await this.rebuild());
      return { replies: this.state.catalog.replies.size, rebuilt: true };
    }
    this.apply(delta.changes, delta.now.version);
    return { replies: delta.changes.length, rebuilt: false };
  }

  /** A new catalog and index of the database as it is now. */
  private async rebuild(): Promise<CorpusIndex> {
    const here = () =>
      buildCorpusIndex(this.reader, { ...this.options.build, yieldBetweenBatches: true });
    if (!this.options.buildElsewhere) return here();
    try {
      return await this.options.buildElsewhere();
    } catch (error) {
      this.options.onError?.(error);
      return here();
    }
  }

  /** Many changes, or other replies than the catalog and the changes would leave (one was removed). */
  private needsRebuild(ids: readonly number[], now: CorpusState, catalog: Catalog): boolean {
    const added = ids.filter((id) => !catalog.replies.has(id));
    let idSum = 0;
    for (const id of catalog.replies.keys()) idSum += id;
    for (const id of added) idSum += id;
    if (catalog.replies.size + added.length !== now.replies || idSum !== now.idSum) return true;
    const bulk = this.options.bulkReplies ?? 200;
    const share = this.options.bulkShare ?? 0.1;
    return ids.length > bulk && ids.length > share * catalog.replies.size;
  }

  /** Applies read changes in one synchronous step: a question sees all of them or none. */
  private apply(changes: readonly ChangedReply[], version: number): void {
    const { catalog, index } = this.state;
    for (const { reply, sections } of changes) {
      index.removeSections(catalog.replaceReply(reply, sections));
      index.addReply(reply, sections);
    }
    this.swap({ ...this.state, version });
  }

  private swap(next: CorpusIndex): void {
    this.state = next;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter && waiter.version <= next.version) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}

interface ChangedReply {
  readonly reply: ReplySummary;
  readonly sections: readonly SectionRecord[];
}

/** Summaries and sections of some replies, read in the caller's transaction. */
async function readReplies(trx: Database, ids: readonly number[]): Promise<ChangedReply[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom("reply").selectAll().where("id", "in", ids).execute();
  const sections = await getSectionsOfReplies(trx, ids);
  const byReply = new Map<number, SectionRecord[]>();
  for (const section of sections) {
    const list = byReply.get(section.replyId) ?? [];
    list.push(section);
    byReply.set(section.replyId, list);
  }
  return rows.map((row) => ({ reply: toSummary(row), sections: byReply.get(row.id) ?? [] }));
}

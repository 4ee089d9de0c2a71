import { setImmediate as nextTurn } from "node:timers/promises";
import { type Database, readTransaction } from "../storage/database.ts";
import { type CorpusState, corpusState } from "../storage/meta.repository.ts";
import { repliesChangedSince } from "../storage/reply.repository.ts";
import type { Catalog } from "./catalog.ts";
import { applyChanges, consistent, readDelta, readReplies } from "./index-delta.ts";
import { type CompactionPolicy, DEFAULT_COMPACTION } from "./index-engine.ts";
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
 *
 * Revisions and removals leave removed postings and spent ids behind. The
 * live index never packs itself inline (that takes seconds on a large
 * index): when its footprint passes the compaction policy, a rebuild runs in
 * the background (the worker thread when there is one) while the live index
 * keeps answering and taking writes; the rebuild is then brought up to the
 * database (the writes committed meanwhile re-applied) and swapped in.
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
   * here, in batches between questions. A background compaction's build
   * gets a signal, aborted when the follower stops (the build may end early).
   */
  readonly buildElsewhere?: (signal?: AbortSignal) => Promise<CorpusIndex>;
  /** When the live index's churn makes a packed rebuild worthwhile; false never. Default {@link DEFAULT_COMPACTION}. */
  readonly compaction?: CompactionPolicy | false;
}

/** Changed replies a rebuild being caught up takes in per turn of the event loop. */
const CATCH_UP_BATCH = 50;

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
  private compacting: Promise<boolean> | null = null;
  private stopped = false;
  /** Cancels the build of the background compaction under way, when stopping. */
  private cancel: AbortController | null = null;
  /** Rebuilds swapped in by passes (a compaction begun before one is moot). */
  private rebuilds = 0;

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
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass (and a background compaction) under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.running, this.queued, this.compacting]);
  }

  /** Resolves when the background compaction under way (if any) ends: true when it swapped in a packed index. */
  whenCompacted(): Promise<boolean> {
    return this.compacting ?? Promise.resolve(false);
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
      this.rebuilds++;
      return { replies: this.state.catalog.replies.size, rebuilt: true };
    }
    applyChanges(this.state, delta.changes);
    this.swap({ ...this.state, version: delta.now.version });
    this.scheduleCompaction();
    return { replies: delta.changes.length, rebuilt: false };
  }

  /** Starts a background compaction when the live index's footprint says it is worthwhile. */
  private scheduleCompaction(): void {
    const policy = this.options.compaction ?? DEFAULT_COMPACTION;
    if (!policy || this.compacting || this.stopped) return;
    if (!this.state.index.compactionDue(policy)) return;
    this.compacting = this.compact()
      .catch((error: unknown) => {
        if (!this.stopped) this.options.onError?.(error);
        return false;
      })
      .finally(() => {
        this.compacting = null;
      });
  }

  /**
   * Rebuilds (packed, ids dense), brings the rebuild up to the database in
   * batches while the live index keeps answering, then, between passes,
   * takes in the last writes and swaps it in in one synchronous step.
   * False when the rebuild was dropped (stopped, a removal, a pass rebuilt).
   */
  private async compact(): Promise<boolean> {
    const rebuilds = this.rebuilds;
    this.cancel = new AbortController();
    const built = await this.rebuild(this.cancel.signal).finally(() => {
      this.cancel = null;
    });
    const near = this.stopped ? null : await this.catchUp(built, CATCH_UP_BATCH);
    if (!near) return false;
    let adopted = false;
    await this.exclusive(async () => {
      if (this.stopped || this.rebuilds !== rebuilds) return { replies: 0, rebuilt: false };
      const next = await this.catchUp(near, Number.POSITIVE_INFINITY);
      if (!next || next.version < this.state.version) return { replies: 0, rebuilt: false };
      this.swap(next);
      adopted = true;
      return { replies: next.catalog.replies.size, rebuilt: true };
    });
    return adopted;
  }

  /**
   * Applies to a state that questions do not see the replies changed in the
   * database since its version, `batch` replies per turn. Null when a reply
   * was removed meanwhile (only a rebuild takes that in).
   */
  private async catchUp(state: CorpusIndex, batch: number): Promise<CorpusIndex | null> {
    const delta = await readTransaction(this.reader, (trx) => readDelta(trx, state));
    if (!delta) return null;
    for (let i = 0; i < delta.changes.length; i += batch) {
      if (i > 0) await nextTurn();
      applyChanges(state, delta.changes.slice(i, i + batch));
    }
    return { ...state, version: delta.now.version };
  }

  /** Runs a step between passes: no pass runs meanwhile, and a sync called meanwhile gets a pass after it. */
  private async exclusive(step: () => Promise<SyncResult>): Promise<SyncResult> {
    while (this.running) await this.running.catch(() => undefined);
    const run = step().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** A new catalog and index of the database as it is now. */
  private async rebuild(signal?: AbortSignal): Promise<CorpusIndex> {
    const here = () =>
      buildCorpusIndex(this.reader, { ...this.options.build, yieldBetweenBatches: true });
    if (!this.options.buildElsewhere) return here();
    try {
      return await this.options.buildElsewhere(signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      this.options.onError?.(error);
      return here();
    }
  }

  /** Many changes, or other replies than the catalog and the changes would leave (one was removed). */
  private needsRebuild(ids: readonly number[], now: CorpusState, catalog: Catalog): boolean {
    if (!consistent(ids, now, catalog)) return true;
    const bulk = this.options.bulkReplies ?? 200;
    const share = this.options.bulkShare ?? 0.1;
    return ids.length > bulk && ids.length > share * catalog.replies.size;
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

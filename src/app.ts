import path from "node:path";
import type { Config } from "./config.ts";
import { CorpusWatcher, notStoredOrChangedSince } from "./ingest/corpus-watcher.ts";
import {
  type IngestFileResult,
  type IngestOptions,
  type IngestReport,
  ingestFile,
  ingestPaths,
} from "./ingest/ingest.ts";
import { buildInWorker } from "./search/index-build.ts";
import { IndexFollower } from "./search/index-follower.ts";
import {
  type BuildOptions,
  type CorpusIndex,
  type IndexSource,
  openSearchIndex,
  saveIndex,
} from "./search/index-store.ts";
import { SearchService } from "./search/search-service.ts";
import {
  DATABASE_FILE,
  type Database,
  openDatabase,
  openDataDirDatabase,
} from "./storage/database.ts";
import { countReplies } from "./storage/reply.repository.ts";

/** What every entry point (bot, console, CLI) works with. */
export interface App {
  readonly config: Config;
  readonly db: Database;
  readonly search: SearchService;
  /** Keeps the search index current with the database, in the background. */
  readonly follower: IndexFollower;
  /** Where the search index came from at start. */
  readonly indexSource: IndexSource;
  /** The corpus-folder watcher, when {@link OpenAppOptions.watch} started one. */
  readonly watcher: CorpusWatcher | null;
  /** Ingests files and folders; the index takes them in before this resolves. */
  ingest(paths: readonly string[], options?: IngestOptions): Promise<IngestReport>;
  /** Stops following, saves the index snapshot if the index changed, and closes the database. */
  close(): Promise<void>;
}

/** Options for {@link openApp}. */
export interface OpenAppOptions {
  /** Ingest `config.corpusDir` when the database holds no replies. Default true. */
  readonly ingestWhenEmpty?: boolean;
  /** Told about the first-run ingest, e.g. to print a line. */
  readonly onFirstIngest?: (report: IngestReport) => void;
  /** Follow other processes' writes in the background. Default true. */
  readonly follow?: boolean;
  /** How often to look for them. Default 2000 ms. */
  readonly followIntervalMs?: number;
  /** Told about a failed background pass (the next one retries). */
  readonly onFollowError?: (error: unknown) => void;
  /** Told about a write lock that was waited out and retried (not a failure). */
  readonly onLockRetry?: (file: string, attempt: number) => void;
  /**
   * Watch `config.corpusDir` and ingest new and changed files (debounced by
   * `config.watchDebounceMs`), once the first index is ready. Default false
   * (the bot passes `config.watch`).
   */
  readonly watch?: boolean;
  /** The watcher's rescan interval (it catches lost watch events). Default 30 000 ms. */
  readonly watchRescanMs?: number;
  /** Told each file the watcher ingested. */
  readonly onWatchResult?: (result: IngestFileResult) => void;
  /** Told about a watch or scan error (the watcher keeps going). */
  readonly onWatchError?: (error: unknown) => void;
  /** Test seam for the start-up index load. */
  readonly build?: BuildOptions;
}

/**
 * Opens the database (migrating it), ingests the bundled corpus on first use,
 * and loads the search index (from its snapshot when current). It resolves
 * only once the index is ready, so an adapter started after it never answers
 * from an empty index.
 */
export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const db = await openDataDirDatabase(config.dataDir);
  // A connection of its own for background catch-up, so a rebuild never holds the one questions use.
  const file = path.join(config.dataDir, DATABASE_FILE);
  const reader = openDatabase(file);
  try {
    const ingestOptions = {
      maxFileBytes: config.maxFileMb * 1024 * 1024,
      onLockRetry: options.onLockRetry,
      timeZone: config.timeZone,
      gatherMs: config.alertGatherMs,
    };
    if ((options.ingestWhenEmpty ?? true) && (await countReplies(db)) === 0) {
      const report = await ingestPaths(db, [config.corpusDir], ingestOptions);
      options.onFirstIngest?.(report);
    }
    const { source, ...initial } = await openSearchIndex(db, config.dataDir, options.build);
    // The state the snapshot on disk holds (it was loaded, or built and saved).
    const saved: CorpusIndex = initial;
    const follower = new IndexFollower(reader, initial, {
      intervalMs: options.followIntervalMs,
      onError: options.onFollowError,
      buildElsewhere: (signal) => buildInWorker(file, signal),
    });
    if (options.follow ?? true) follower.start();
    const search = new SearchService(db, follower);
    const watcher = options.watch
      ? new CorpusWatcher({
          dir: config.corpusDir,
          debounceMs: config.watchDebounceMs,
          rescanMs: options.watchRescanMs,
          // What changed while the bot was stopped (or while the first-run ingest was reading the folder).
          initial: await notStoredOrChangedSince(db),
          ingest: (file, source, bytes) => ingestFile(db, file, ingestOptions, source, bytes),
          // The index takes the new replies in at once, as after app.ingest.
          afterIngest: () => follower.sync(),
          onResult: options.onWatchResult,
          onError: options.onWatchError,
        })
      : null;
    await watcher?.start();
    return {
      config,
      db,
      search,
      follower,
      indexSource: source,
      watcher,
      async ingest(paths, extra = {}) {
        const report = await ingestPaths(db, paths, { ...ingestOptions, ...extra });
        if (report.added + report.revised > 0) await follower.sync();
        return report;
      },
      async close() {
        await watcher?.stop();
        await follower.stop();
        // Saved once on the way out, not after every change: writing it stops the event loop.
        if (follower.current !== saved) saveIndex(config.dataDir, follower.current);
        await reader.destroy();
        await db.destroy();
      },
    };
  } catch (error) {
    await reader.destroy();
    await db.destroy();
    throw error;
  }
}

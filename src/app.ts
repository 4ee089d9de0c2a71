import type { Config } from "./config.ts";
import { type IngestOptions, type IngestReport, ingestPaths } from "./ingest/ingest.ts";
import { type IndexSource, openSearchIndex, saveIndex } from "./search/index-store.ts";
import { SearchService } from "./search/search-service.ts";
import { type Database, openDataDirDatabase } from "./storage/database.ts";
import { corpusVersion } from "./storage/meta.repository.ts";
import { countReplies } from "./storage/reply.repository.ts";

/** What every entry point (bot, console, CLI) works with. */
export interface App {
  readonly config: Config;
  readonly db: Database;
  readonly search: SearchService;
  /** Where the search index came from at start. */
  readonly indexSource: IndexSource;
  /** Ingests files and folders, keeping the search index and its snapshot current. */
  ingest(paths: readonly string[], options?: IngestOptions): Promise<IngestReport>;
  /** Closes the database. */
  close(): Promise<void>;
}

/** Options for {@link openApp}. */
export interface OpenAppOptions {
  /** Ingest `config.corpusDir` when the database holds no replies. Default true. */
  readonly ingestWhenEmpty?: boolean;
  /** Told about the first-run ingest, e.g. to print a line. */
  readonly onFirstIngest?: (report: IngestReport) => void;
}

/**
 * Above this many changed replies, or this share of the corpus, an ingest
 * rebuilds the index in one pass instead of adding replies one by one.
 */
const BULK_REPLIES = 200;
const BULK_SHARE = 0.1;

/**
 * Opens the database (migrating it), ingests the bundled corpus on first use,
 * and loads the search index (from its snapshot when current).
 */
export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const db = await openDataDirDatabase(config.dataDir);
  try {
    if ((options.ingestWhenEmpty ?? true) && (await countReplies(db)) === 0) {
      const report = await ingestPaths(db, [config.corpusDir]);
      options.onFirstIngest?.(report);
    }
    const { catalog, index, source } = await openSearchIndex(db, config.dataDir);
    const search = new SearchService(db, catalog, index);
    return {
      config,
      db,
      search,
      indexSource: source,
      async ingest(paths, ingestOptions = {}) {
        const changed: number[] = [];
        const report = await ingestPaths(db, paths, {
          ...ingestOptions,
          onStored: async (result) => {
            changed.push(result.replyId);
            await ingestOptions.onStored?.(result);
          },
        });
        if (changed.length === 0) return report;
        const bulk =
          changed.length > BULK_REPLIES &&
          changed.length > BULK_SHARE * search.catalog.replies.size;
        if (bulk) await search.rebuild();
        else for (const id of changed) await search.refreshReply(id);
        saveIndex(config.dataDir, search.index, await corpusVersion(db));
        return report;
      },
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

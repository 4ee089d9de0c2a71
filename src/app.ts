import type { Config } from "./config.ts";
import { type IngestOptions, type IngestReport, ingestPaths } from "./ingest/ingest.ts";
import { type IndexSource, openSearchIndex, saveIndex } from "./search/index-store.ts";
import { SearchService } from "./search/search-service.ts";
import { type Database, openDataDirDatabase } from "./storage/database.ts";
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
    const { catalog, index, source, version } = await openSearchIndex(db, config.dataDir);
    const search = new SearchService(db, catalog, index, version);
    return {
      config,
      db,
      search,
      indexSource: source,
      async ingest(paths, ingestOptions = {}) {
        const report = await ingestPaths(db, paths, ingestOptions);
        if (report.added + report.revised > 0) {
          await search.catchUp(true);
          saveIndex(config.dataDir, search.index, search.corpusVersion);
        }
        return report;
      },
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

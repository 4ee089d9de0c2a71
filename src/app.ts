import type { Config } from "./config.ts";
import { type IngestReport, ingestPaths } from "./ingest/ingest.ts";
import { type Database, openDataDirDatabase } from "./storage/database.ts";
import { countReplies } from "./storage/reply.repository.ts";

/** What every entry point (bot, console, CLI) works with. */
export interface App {
  readonly config: Config;
  readonly db: Database;
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

/** Opens the database (migrating it) and, on first use, ingests the bundled corpus. */
export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const db = await openDataDirDatabase(config.dataDir);
  if ((options.ingestWhenEmpty ?? true) && (await countReplies(db)) === 0) {
    const report = await ingestPaths(db, [config.corpusDir]);
    options.onFirstIngest?.(report);
  }
  return { config, db, close: () => db.destroy() };
}

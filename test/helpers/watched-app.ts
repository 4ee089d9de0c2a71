import { mkdirSync } from "node:fs";
import path from "node:path";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { IngestFileResult } from "../../src/ingest/ingest.ts";

/** An app with its corpus watcher on, and each result the watcher reported. */
export interface WatchedApp {
  readonly app: App;
  readonly corpus: string;
  readonly results: IngestFileResult[];
}

/**
 * The app as the bot opens it over `dir` (its `corpus` and `data` folders)
 * with the corpus watcher on; `follow: false`, so only the watcher's own sync
 * brings new replies into the index. `cleanups` gets the app's close.
 */
export async function openWatchedApp(
  dir: string,
  cleanups: (() => unknown)[],
  options: { debounceMs?: number; rescanMs?: number; env?: Record<string, string> } = {},
): Promise<WatchedApp> {
  const corpus = path.join(dir, "corpus");
  mkdirSync(corpus, { recursive: true });
  const config = loadConfig({
    DAFU_DATA_DIR: path.join(dir, "data"),
    DAFU_CORPUS_DIR: corpus,
    DAFU_LOG_LEVEL: "silent",
    DAFU_WATCH_DEBOUNCE_MS: String(options.debounceMs ?? 200),
    ...options.env,
  });
  const results: IngestFileResult[] = [];
  const app = await openApp(config, {
    follow: false,
    watch: config.watch,
    watchRescanMs: options.rescanMs,
    onWatchResult: (r) => results.push(r),
  });
  cleanups.push(() => app.close());
  return { app, corpus, results };
}

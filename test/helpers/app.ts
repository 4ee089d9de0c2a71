import path from "node:path";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import { hashDocument } from "../../src/ingest/ingest.ts";
import { analyzeQuestion } from "../../src/search/query-analysis.ts";
import { saveReply } from "../../src/storage/reply.repository.ts";
import { CORPUS_DIR, tempDir } from "./corpus.ts";

/** An app over a fresh data folder and the bundled corpus (or `corpusDir`). */
export async function openTestApp(
  corpusDir = CORPUS_DIR,
): Promise<{ app: App; dataDir: string; cleanup: () => Promise<void> }> {
  const temp = tempDir();
  const config = loadConfig({
    DAFU_DATA_DIR: temp.dir,
    DAFU_CORPUS_DIR: corpusDir,
    DAFU_LOG_LEVEL: "silent",
  });
  const app = await openApp(config);
  return {
    app,
    dataDir: temp.dir,
    cleanup: async () => {
      await app.close();
      temp.cleanup();
    },
  };
}

/**
 * An app over a fresh, otherwise empty data folder holding exactly `docs`
 * (stored as `prefix0.txt`, `prefix1.txt` …), its index caught up.
 */
export async function openAppOverReplies(
  docs: readonly ReplyDocument[],
  prefix = "r",
): Promise<{ app: App; cleanup: () => Promise<void> }> {
  const temp = tempDir();
  const config = loadConfig({
    DAFU_DATA_DIR: path.join(temp.dir, "data"),
    DAFU_CORPUS_DIR: path.join(temp.dir, "empty"),
    DAFU_LOG_LEVEL: "silent",
  });
  const app = await openApp(config, { ingestWhenEmpty: false, follow: false });
  for (const [i, doc] of docs.entries())
    await saveReply(app.db, doc, { file: `${prefix}${i}.txt`, contentHash: hashDocument(doc) });
  await app.search.catchUp(true);
  return {
    app,
    cleanup: async () => {
      await app.close();
      temp.cleanup();
    },
  };
}

/** Searches `app` as the answerer does: the question analysed against its issuers and vocabulary. */
export function searchQuestion(app: App, question: string, limit = 6) {
  const q = analyzeQuestion(question, {
    issuers: app.search.catalog.issuers(),
    known: (t) => app.search.index.documentFrequency(t) > 0,
  });
  return app.search.search(q, limit);
}

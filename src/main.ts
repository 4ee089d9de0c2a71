import { helpText } from "../adapters/console/render-text.ts";
import { runAdapters } from "../adapters/run-adapters.ts";
import { liveQuestionContext } from "./alerts/question-filter.ts";
import { createAnswerer } from "./answering/answerer.ts";
import { createConversation } from "./answering/conversation.ts";
import { openApp } from "./app.ts";
import { loadConfig, loadDotEnv } from "./config.ts";
import { isAppError } from "./errors.ts";
import { createLogger } from "./logger.ts";
import { divisionIndex } from "./places/division-data.ts";
import { issuerIndexOf } from "./search/issuer-finder.ts";
import { pollerFromConfig } from "./sources/poller-from-config.ts";
import { countReplies } from "./storage/reply.repository.ts";

/**
 * Composition root: settings → database (migrated) → corpus (ingested on
 * first run) → search index → answerer → adapters. With no platform
 * credentials, the console chat over the bundled replies.
 */
async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // Resolves once the first index is ready (loaded or built); only then do adapters take messages.
  const app = await openApp(config, {
    onFirstIngest: (r) =>
      log.info("ingested bundled replies", {
        added: r.added,
        failed: r.failed,
        dir: config.corpusDir,
      }),
    onFollowError: (error) => log.warn("index catch-up failed; retrying", { error }),
    onLockRetry: (file, attempt) => log.debug("database busy; retried", { file, attempt }),
    watch: config.watch,
    onWatchResult: (r) =>
      r.outcome === "failed"
        ? log.warn("watched file not ingested", {
            file: r.file,
            code: r.errorCode,
            reason: r.message,
          })
        : log.info("watched file ingested", {
            file: r.file,
            outcome: r.outcome,
            reply: r.replyKey,
          }),
    onWatchError: (error) => log.warn("corpus watch problem; the rescan continues", { error }),
  });
  log.info("search index ready", { source: app.indexSource, sections: app.search.index.size });
  if (app.watcher) log.info("watching corpus folder", { dir: config.corpusDir });
  // Questions naming a place or a body read the division dataset and the issuer index: build them
  // before the first message, not inside it.
  const divisions = divisionIndex();
  issuerIndexOf(app.search.catalog.issuers());
  log.debug("division dataset and issuer index loaded", { divisions: divisions.byCode.size });
  // Disclosure columns (DAFU_SOURCES) are polled in the background from now on; what they add is
  // taken into the index at once.
  const poller = pollerFromConfig(config, {
    db: app.db,
    log,
    onIngested: async () => void (await app.follower.sync()),
  });
  poller?.start();
  if (poller) log.info("polling disclosure columns", { ...config.sources });
  // Whatever happens to the adapters, the app is closed: its background follower would keep the process alive.
  try {
    const answerer = createAnswerer(app, {
      pageSize: config.resultsPerPage,
      logError: (error, context) => log.error("answer failed", { context, error }),
    });
    const replies = await countReplies(app.db);
    const conversation = createConversation({
      answerer,
      db: app.db,
      timeZone: config.timeZone,
      questionContext: () => liveQuestionContext(app.search),
    });
    // Adapters start only now, once the first index is ready.
    await runAdapters({
      config,
      db: app.db,
      answerer,
      conversation,
      log,
      forceConsole: process.argv.includes("--console"),
      console: {
        input: process.stdin,
        output: process.stdout,
        greeting: async () =>
          [
            `已载入 ${replies} 份答复。输入问题开始，/quit 退出。`,
            "",
            ...helpText(await answerer.examples()),
          ].join("\n"),
      },
    });
  } finally {
    await poller?.stop();
    await app.close();
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Through the redacting logger: a start-up error can carry a token (e.g. in a request URL).
    createLogger("error").error(isAppError(error) ? error.message : "启动失败", { error });
    process.exitCode = 1;
  },
);

import type { Readable, Writable } from "node:stream";
import { type AlertDispatcher, createAlertDispatcher } from "../src/alerts/alert-dispatcher.ts";
import type { AlertSender } from "../src/alerts/alert-types.ts";
import { sharedRateLimiter } from "../src/alerts/rate-limiter.ts";
import type { Answerer } from "../src/answering/answerer.ts";
import type { Conversation } from "../src/answering/conversation.ts";
import type { Config } from "../src/config.ts";
import type { Logger } from "../src/logger.ts";
import { createSendProgressStore } from "../src/storage/alert-send-progress.repository.ts";
import type { Database } from "../src/storage/database.ts";
import type { Adapter } from "./adapter.ts";
import { createConsoleAlertSender } from "./console/alert-sender.ts";
import { createConsoleChat } from "./console/console-chat.ts";
import { createFeishuAlertSender } from "./feishu/alert-sender.ts";
import { createFeishuAdapter } from "./feishu/feishu-adapter.ts";
import { createHttpServer, type HttpRoute } from "./http-server.ts";
import { createTelegramAlertSender } from "./telegram/alert-sender.ts";
import { createTelegramAdapter } from "./telegram/telegram-adapter.ts";

/** What {@link runAdapters} needs. */
export interface RunAdaptersOptions {
  readonly config: Config;
  readonly db: Database;
  readonly answerer: Answerer;
  readonly conversation: Conversation;
  readonly log: Logger;
  /** Run the console chat even beside a platform (`--console`). Default false. */
  readonly forceConsole?: boolean;
  readonly console: { input: Readable; output: Writable; greeting: () => Promise<string> };
  /** Signals that stop every adapter. Default SIGINT and SIGTERM. */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Starts every configured platform adapter (Telegram when its token is set, Feishu when its app id and secret are),
 * and the console chat when no platform is configured or when forced; mounts
 * webhooks on one HTTP server; delivers alerts through the senders of the
 * adapters running. Resolves once all have stopped: the console ended, or a
 * signal arrived and answers and alert sends in flight finished.
 */
export async function runAdapters(options: RunAdaptersOptions): Promise<void> {
  const { config, log } = options;
  const adapters: Adapter[] = [];
  const routes: HttpRoute[] = [];
  const senders: AlertSender[] = [];
  if (config.telegram) {
    const telegram = createTelegramAdapter({ ...options, config: config.telegram });
    adapters.push(telegram);
    if (telegram.route) routes.push(telegram.route);
    // Later parts of a split digest take slots of the budget the dispatcher and answers share;
    // their confirmed parts are kept in the database, so a restart resumes after them.
    senders.push(
      createTelegramAlertSender(telegram.bot.api, {
        log,
        pacer: sharedRateLimiter("telegram"),
        progress: createSendProgressStore(options.db),
      }),
    );
  }
  if (config.feishu) {
    const feishu = createFeishuAdapter({ ...options, config: config.feishu });
    adapters.push(feishu);
    if (feishu.route) routes.push(feishu.route);
    senders.push(createFeishuAlertSender(feishu.api, { log, pacer: sharedRateLimiter("feishu") }));
  }
  let consoleChat: Adapter | null = null;
  if (adapters.length === 0 || options.forceConsole) {
    consoleChat = createConsoleChat(options.conversation, {
      input: options.console.input,
      output: options.console.output,
      greeting: await options.console.greeting(),
    });
    senders.push(createConsoleAlertSender(options.console.output));
  }
  const alerts: AlertDispatcher = createAlertDispatcher({ db: options.db, senders, log });
  const server = routes.length > 0 ? createHttpServer(routes) : null;
  let stopping: Promise<void> | null = null;
  const stopAll = () => {
    stopping ??= (async () => {
      log.info("stopping", { adapters: [...adapters, consoleChat].filter(Boolean).length });
      // Webhook calls in flight are answered while the server stops taking new ones.
      const closing = server?.close();
      // Alert sends in flight finish (rows not yet sent stay in the outbox for the next start).
      await Promise.allSettled([
        ...[...adapters, ...(consoleChat ? [consoleChat] : [])].map((a) => a.stop()),
        alerts.stop(),
      ]);
      await closing;
    })();
    return stopping;
  };
  const stopped = new Promise<void>((resolve) => {
    for (const signal of options.signals ?? ["SIGINT", "SIGTERM"])
      process.once(signal, () => void stopAll().then(resolve));
  });
  for (const adapter of adapters) await adapter.start();
  alerts.start();
  if (server) log.info("http server listening", { port: await server.listen(config.port) });
  if (consoleChat) {
    await consoleChat.start();
    await stopAll();
    return;
  }
  await stopped;
}

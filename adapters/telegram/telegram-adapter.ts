import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run, sequentialize } from "@grammyjs/runner";
import { Bot, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { type RateLimiter, sharedRateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { Answerer } from "../../src/answering/answerer.ts";
import {
  type Conversation,
  type StatePruning,
  startStatePruning,
} from "../../src/answering/conversation.ts";
import type { TelegramConfig } from "../../src/config.ts";
import type { Logger } from "../../src/logger.ts";
import type { Database } from "../../src/storage/database.ts";
import type { Adapter } from "../adapter.ts";
import type { HttpRoute } from "../http-server.ts";
import { answerPacing } from "./answer-pacing.ts";
import { registerCommandMenus } from "./command-menu.ts";
import type { NetworkRetry } from "./delivery.ts";
import { installHandlers } from "./telegram-handlers.ts";

/** Options for {@link createTelegramAdapter}. */
export interface TelegramAdapterOptions {
  readonly config: TelegramConfig;
  readonly conversation: Conversation;
  /** Answers inline queries (no chat, no result set). */
  readonly answerer: Answerer;
  readonly db: Database;
  readonly log: Logger;
  /** Skips `getMe` (tests). Default: asked at start. */
  readonly botInfo?: UserFromGetMe;
  /** Long-poll timeout in seconds. Default 30. */
  readonly pollTimeoutSeconds?: number;
  /** Retries of one call after a 429 or 5xx. Default 5. */
  readonly maxRetryAttempts?: number;
  /** Longest wait before a retry, in seconds; longer `retry_after`s fail. Default 60. */
  readonly maxRetryDelaySeconds?: number;
  /** Network failures: tries per call and first back-off (see {@link NetworkRetry}). Default 3 tries from 1 s. */
  readonly networkRetry?: NetworkRetry;
  /** How long `stop()` waits for answers in flight, in ms. Default 10 000. */
  readonly stopTimeoutMs?: number;
  /** Register the command menus at start. Default true. */
  readonly registerCommands?: boolean;
  /** Paces answers ahead of alerts on one budget. Default: the process's `sharedRateLimiter("telegram")`. */
  readonly pacer?: RateLimiter;
}

/** The Telegram adapter; in webhook mode it also serves one HTTP route. */
export interface TelegramAdapter extends Adapter {
  /** The route to mount on the bot's HTTP server (webhook mode only). */
  readonly route: HttpRoute | null;
  /** The grammY bot, e.g. for `bot.api` in alerts. */
  readonly bot: Bot;
}

const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

/**
 * Creates the Telegram adapter: grammY with auto-retry (429 `retry_after`,
 * 5xx back-off, bounded), the runner (sequential per chat, concurrent across
 * chats) or a webhook, the command menus, and dafu's handlers. `stop()`
 * stops taking updates and waits for answers in flight, up to a deadline.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { config, log } = options;
  const bot = new Bot(config.token, {
    client: { apiRoot: config.apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Innermost: every attempt of an answer takes a slot on the budget alerts share, ahead of them.
  bot.api.config.use(answerPacing(options.pacer ?? sharedRateLimiter("telegram")));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRetryAttempts ?? 5,
      maxDelaySeconds: options.maxRetryDelaySeconds ?? 60,
      // Network errors come back to us (delivery retries them, bounded): auto-retry would retry forever.
      rethrowHttpErrors: true,
    }),
  );
  // The runner is silent (it would print to the console): failed polls are logged here, through our logger.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (method === "getUpdates" && !result.ok)
        log.warn("telegram getUpdates failed", {
          code: result.error_code,
          error: result.description,
        });
      return result;
    } catch (error) {
      if (method === "getUpdates" && !signal?.aborted)
        log.warn("telegram getUpdates failed", { error });
      throw error;
    }
  });
  const inFlight = new Set<Promise<unknown>>();
  bot.use(async (_ctx, next) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  bot.use(sequentialize((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  installHandlers(bot, options);

  const webhook = config.webhookUrl;
  const route: HttpRoute | null = webhook
    ? {
        path: new URL(webhook).pathname,
        handler: webhookCallback(bot, "http", { secretToken: config.webhookSecret ?? "" }),
      }
    : null;
  let runner: RunnerHandle | null = null;
  let pruning: StatePruning | null = null;

  async function prepare(): Promise<void> {
    await bot.init();
    if (options.registerCommands ?? true)
      await registerCommandMenus(bot.api, (error) => log.warn("setMyCommands failed", { error }));
    if (webhook) {
      await bot.api.setWebhook(webhook, {
        secret_token: config.webhookSecret ?? "",
        allowed_updates: [...ALLOWED_UPDATES],
      });
    } else {
      await bot.api.deleteWebhook();
    }
    log.info("telegram bot ready", {
      bot: bot.botInfo.username,
      mode: webhook ? "webhook" : "polling",
    });
  }

  return {
    name: "telegram",
    bot,
    route,
    async start() {
      pruning = startStatePruning(options.db, {
        onError: (error) => log.warn("pruning chat state failed", { error }),
      });
      await pruning.ready;
      await prepare();
      if (webhook) return;
      runner = run(bot, {
        runner: {
          silent: true,
          fetch: {
            timeout: options.pollTimeoutSeconds ?? 30,
            allowed_updates: [...ALLOWED_UPDATES],
          },
        },
      });
      // 401 (bad token) and 409 (another poller or a webhook) end polling: say so instead of crashing.
      runner.task()?.catch((error: unknown) => log.error("telegram polling stopped", { error }));
    },
    async stop() {
      pruning?.stop();
      if (runner?.isRunning()) await runner.stop();
      const timeoutMs = options.stopTimeoutMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), timeoutMs);
      });
      const settled = Promise.allSettled([...inFlight]).then(() => "done" as const);
      const outcome = await Promise.race([settled, deadline]);
      clearTimeout(timer);
      if (outcome === "late")
        log.warn("telegram answers still in flight at shutdown", {
          count: inFlight.size,
          timeoutMs,
        });
    },
  };
}

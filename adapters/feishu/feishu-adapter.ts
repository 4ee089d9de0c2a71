import * as lark from "@larksuiteoapi/node-sdk";
import { type RateLimiter, sharedRateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { Answerer } from "../../src/answering/answerer.ts";
import type { Conversation } from "../../src/answering/conversation.ts";
import type { FeishuConfig } from "../../src/config.ts";
import type { Logger } from "../../src/logger.ts";
import type { Database } from "../../src/storage/database.ts";
import type { Adapter } from "../adapter.ts";
import type { HttpRoute } from "../http-server.ts";
import { createChatManagers } from "./chat-managers.ts";
import { ChatQueue } from "./chat-queue.ts";
import { createDelivery } from "./delivery.ts";
import { createDispatcher } from "./feishu-handlers.ts";
import { createOpenApi, type OpenApi } from "./open-api.ts";
import { larkLogger } from "./sdk-logger.ts";
import { feishuWebhookRoute } from "./webhook.ts";

/** Options for {@link createFeishuAdapter}. */
export interface FeishuAdapterOptions {
  readonly config: FeishuConfig;
  readonly conversation: Conversation;
  readonly answerer: Answerer;
  readonly db: Database;
  readonly log: Logger;
  /** First back-off after a rate limit, in ms. Default 500. */
  readonly backoffMs?: number;
  /** Seconds without a pong before the long connection is dropped and remade. Default 30. */
  readonly pingTimeoutSeconds?: number;
  /** How long `start()` waits for the long connection before going on (it keeps trying). Default 15 s. */
  readonly connectWaitMs?: number;
  /** Paces answers ahead of alerts on one budget. Default: the process's `sharedRateLimiter("feishu")`. */
  readonly pacer?: RateLimiter;
}

/** The Feishu adapter; in webhook mode it also serves one HTTP route. */
export interface FeishuAdapter extends Adapter {
  /** The route to mount on the bot's HTTP server (webhook mode only). */
  readonly route: HttpRoute | null;
  /** The Open API calls (alerts send through it too). */
  readonly api: OpenApi;
  /** Resolves once every answer queued so far has been sent. */
  idle(): Promise<void>;
}

/**
 * Creates the Feishu adapter over the Lark SDK: the long connection
 * (WSClient, with a ping timeout so a dead socket reconnects) or the webhook
 * (EventDispatcher behind our own signature check), one dispatcher of dafu's
 * handlers, and the Open API client. `stop()` stops taking events and waits
 * for answers in flight.
 */
export function createFeishuAdapter(options: FeishuAdapterOptions): FeishuAdapter {
  const { config, log } = options;
  const api = createOpenApi({
    config,
    log,
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    // Answers take the next slot on the budget alerts share.
    pacer: options.pacer ?? sharedRateLimiter("feishu"),
  });
  const queue = new ChatQueue((error, chatId) => log.error("feishu job failed", { error, chatId }));
  const dispatcher = createDispatcher({
    ...options,
    delivery: createDelivery(api, options.db, log),
    queue,
    botOpenId: () => api.botOpenId(),
    managers: createChatManagers(api.client),
  });
  const webhook = config.mode === "webhook";
  const route =
    webhook && config.encryptKey
      ? feishuWebhookRoute(config.webhookPath, config.encryptKey, dispatcher, log)
      : null;
  let ws: lark.WSClient | null = null;

  function connect(): Promise<void> {
    return new Promise((resolve) => {
      const wait = setTimeout(() => {
        log.warn("feishu long connection not up yet; still trying");
        resolve();
      }, options.connectWaitMs ?? 15_000);
      const done = () => {
        clearTimeout(wait);
        resolve();
      };
      ws = new lark.WSClient({
        appId: config.appId,
        appSecret: config.appSecret,
        domain: config.domain,
        logger: larkLogger(log),
        loggerLevel: lark.LoggerLevel.warn,
        autoReconnect: true,
        wsConfig: { pingTimeout: options.pingTimeoutSeconds ?? 30 },
        onReady: () => {
          log.info("feishu long connection ready");
          done();
        },
        onReconnected: () => log.info("feishu long connection reconnected"),
        onError: (error: unknown) => {
          log.error("feishu long connection failed", { error });
          done();
        },
      });
      void ws.start({ eventDispatcher: dispatcher });
    });
  }

  return {
    name: "feishu",
    route,
    api,
    idle: () => queue.idle(),
    async start() {
      const openId = await api.botOpenId();
      log.info("feishu bot ready", { openId, mode: webhook ? "webhook" : "long connection" });
      if (!webhook) await connect();
    },
    async stop() {
      ws?.close({ force: false });
      ws = null;
      await queue.idle();
    },
  };
}

import type { Chat, User } from "grammy/types";
import {
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
} from "../../adapters/telegram/telegram-adapter.ts";
import { liveQuestionContext } from "../../src/alerts/question-filter.ts";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import { type Conversation, createConversation } from "../../src/answering/conversation.ts";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { type ApiCall, FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";

/** People and chats of the test conversations. */
export const ALICE: User = { id: 501, is_bot: false, first_name: "Alice", username: "alice" };
export const BOB: User = { id: 502, is_bot: false, first_name: "Bob", language_code: "en" };
export const PRIVATE_CHAT: Chat.PrivateChat = { id: 501, type: "private", first_name: "Alice" };
/** A group where the bot is an admin: it sees every message and must pick those meant for it. */
export const ADMIN_GROUP: Chat.SupergroupChat = {
  id: -1001,
  type: "supergroup",
  title: "答复测试群",
};
/** A forum group with topic 77, privacy mode on. */
export const FORUM: Chat.SupergroupChat = {
  id: -1002,
  type: "supergroup",
  title: "论坛",
  is_forum: true,
};

/** A running bot against a fake Bot API server, over a temp data folder. */
export interface TelegramHarness {
  readonly fake: FakeTelegramServer;
  app: App;
  adapter: TelegramAdapter;
  answerer: Answerer;
  readonly dataDir: string;
  /** Stops the bot and opens a new app and bot on the same data folder (a restart). */
  restart(): Promise<void>;
  /** Stops everything and removes the data folder. */
  close(): Promise<void>;
}

/** Options for {@link startTelegramHarness}. */
export interface HarnessOptions {
  /** Extra folders ingested after the bundled corpus. */
  readonly ingest?: readonly string[];
  /** Wraps the conversation (to inject failures). */
  readonly wrap?: (conversation: Conversation) => Conversation;
  readonly fake?: FakeTelegramServer;
  /** Webhook address (webhook mode) and secret. */
  readonly webhook?: { url: string; secret: string };
  /** Adapter options over the harness's (e.g. `stopTimeoutMs`). */
  readonly adapter?: Partial<TelegramAdapterOptions>;
  /** Long-poll timeout. Default 1 s. */
  readonly pollTimeoutSeconds?: number;
}

/** Starts a fake Bot API, an app over the bundled corpus and the Telegram adapter. */
export async function startTelegramHarness(options: HarnessOptions = {}): Promise<TelegramHarness> {
  const fake = options.fake ?? (await FakeTelegramServer.start());
  if (!fake.chats.has(PRIVATE_CHAT.id)) {
    fake.addChat(PRIVATE_CHAT);
    fake.addChat(ADMIN_GROUP, { privacy: false });
    fake.addChat(FORUM, { topics: [77] });
  }
  const temp = tempDir("dafu-tg-");
  const config = loadConfig({
    DAFU_DATA_DIR: temp.dir,
    DAFU_CORPUS_DIR: CORPUS_DIR,
    DAFU_LOG_LEVEL: "silent",
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...(options.webhook
      ? {
          TELEGRAM_WEBHOOK_URL: options.webhook.url,
          TELEGRAM_WEBHOOK_SECRET: options.webhook.secret,
        }
      : {}),
  });
  const open = async () => {
    const app = await openApp(config);
    if (options.ingest) await app.ingest(options.ingest);
    const answerer = createAnswerer(app, { logError: () => {} });
    const conversation = createConversation({
      answerer,
      db: app.db,
      questionContext: () => liveQuestionContext(app.search),
    });
    const adapter = createTelegramAdapter({
      config: config.telegram ?? fail(),
      conversation: options.wrap ? options.wrap(conversation) : conversation,
      answerer,
      db: app.db,
      log: createLogger("silent"),
      pollTimeoutSeconds: options.pollTimeoutSeconds ?? 1,
      maxRetryAttempts: 3,
      maxRetryDelaySeconds: 2,
      networkRetry: { tries: 3, delayMs: 5 },
      ...options.adapter,
    });
    await adapter.start();
    return { app, answerer, adapter };
  };
  const harness: TelegramHarness = {
    fake,
    ...(await open()),
    dataDir: temp.dir,
    async restart() {
      await harness.adapter.stop();
      await harness.app.close();
      Object.assign(harness, await open());
    },
    async close() {
      await harness.adapter.stop();
      await harness.app.close();
      if (!options.fake) await fake.close();
      temp.cleanup();
    },
  };
  return harness;
}

function fail(): never {
  throw new Error("telegram config missing");
}

/** The first successful sendMessage answering message `messageId` in `chatId`. */
export function answerTo(
  fake: FakeTelegramServer,
  chatId: number,
  messageId: number,
): Promise<ApiCall> {
  return fake.waitForCall(
    (c) =>
      c.ok &&
      c.method === "sendMessage" &&
      Number(c.payload.chat_id) === chatId &&
      (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === messageId,
  );
}

/** Successful sendMessage calls replying to `messageId` in `chatId`, so far. */
export function answersTo(fake: FakeTelegramServer, chatId: number, messageId: number): ApiCall[] {
  return fake
    .callsOf("sendMessage", chatId)
    .filter(
      (c) =>
        c.ok &&
        (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id ===
          messageId,
    );
}

/** The visible text of a sendMessage or editMessageText call. */
export function visibleText(call: ApiCall): string {
  const parsed = parseTelegramHtml(String(call.payload.text));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
}

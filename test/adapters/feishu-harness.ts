import { createFeishuAdapter, type FeishuAdapter } from "../../adapters/feishu/feishu-adapter.ts";
import { createHttpServer, type HttpServer } from "../../adapters/http-server.ts";
import { liveQuestionContext } from "../../src/alerts/question-filter.ts";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import { type Conversation, createConversation } from "../../src/answering/conversation.ts";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import { postWebhook } from "../fakes/feishu-events.ts";
import {
  type Ack,
  FAKE_APP,
  type FakeFeishuServer,
  type FeishuCall,
} from "../fakes/feishu-open-api.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";

// axios (inside the SDK) honours proxy settings; the fake is local.
process.env.NO_PROXY = "127.0.0.1,localhost";

/** The encrypt key of the test app (webhook mode). */
export const ENCRYPT_KEY = "test-encrypt-key-0123456789";
const WEBHOOK_PATH = "/feishu/events";

/** A running Feishu adapter against the fake Open API, over a temp data folder. */
export interface FeishuHarness {
  readonly fake: FakeFeishuServer;
  readonly mode: "ws" | "webhook";
  app: App;
  adapter: FeishuAdapter;
  answerer: Answerer;
  /** Delivers an event as Feishu would (long connection or signed webhook); resolves with the bot's answer to it. */
  deliver(envelope: object): Promise<Ack>;
  /** The webhook address (webhook mode), for raw requests. */
  webhookUrl(): string;
  /** Stops the bot and opens a new app and bot on the same data folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link startFeishuHarness}. */
export interface FeishuHarnessOptions {
  readonly mode: "ws" | "webhook";
  readonly fake: FakeFeishuServer;
  readonly ingest?: readonly string[];
  readonly wrap?: (conversation: Conversation) => Conversation;
}

/** Starts an app over the bundled corpus and the Feishu adapter, pointed at `fake`. */
export async function startFeishuHarness(options: FeishuHarnessOptions): Promise<FeishuHarness> {
  const { fake, mode } = options;
  const temp = tempDir("dafu-fs-");
  const config = loadConfig({
    DAFU_DATA_DIR: temp.dir,
    DAFU_CORPUS_DIR: CORPUS_DIR,
    DAFU_LOG_LEVEL: "silent",
    FEISHU_APP_ID: FAKE_APP.appId,
    FEISHU_APP_SECRET: FAKE_APP.appSecret,
    FEISHU_DOMAIN: fake.domain,
    FEISHU_MODE: mode,
    FEISHU_ENCRYPT_KEY: mode === "webhook" ? ENCRYPT_KEY : "",
  });
  const feishu = config.feishu ?? raise("feishu config missing");
  let server: HttpServer | null = null;
  let url = "";
  const open = async () => {
    const app = await openApp(config);
    if (options.ingest) await app.ingest(options.ingest);
    const answerer = createAnswerer(app, { logError: () => {} });
    const conversation = createConversation({
      answerer,
      db: app.db,
      questionContext: () => liveQuestionContext(app.search),
    });
    const adapter = createFeishuAdapter({
      config: feishu,
      conversation: options.wrap ? options.wrap(conversation) : conversation,
      answerer,
      db: app.db,
      log: createLogger("silent"),
      backoffMs: 20,
    });
    await adapter.start();
    if (adapter.route) {
      server = createHttpServer([adapter.route]);
      url = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}${WEBHOOK_PATH}`;
    } else {
      await fake.connected();
    }
    return { app, answerer, adapter };
  };
  const stop = async () => {
    await server?.close();
    await harness.adapter.stop();
    await harness.app.close();
  };
  const harness: FeishuHarness = {
    fake,
    mode,
    ...(await open()),
    webhookUrl: () => url,
    async deliver(envelope) {
      if (mode === "ws") return fake.push(envelope);
      const { status, json } = await postWebhook(url, ENCRYPT_KEY, envelope);
      return { code: status, data: json };
    },
    async restart() {
      await stop();
      Object.assign(harness, await open());
    },
    async close() {
      await stop();
      temp.cleanup();
    },
  };
  return harness;
}

/** Successful sends (reply or create) answering message `messageId`. */
export function repliesTo(fake: FakeFeishuServer, messageId: string): FeishuCall[] {
  return fake.sends().filter((c) => c.path.includes(`/messages/${messageId}/reply`));
}

/** The first successful reply to `messageId` (waits for it). */
export function replyTo(fake: FakeFeishuServer, messageId: string): Promise<FeishuCall> {
  return fake.waitForCall(
    (c) => c.route === "reply" && c.code === 0 && c.path.includes(`/messages/${messageId}/reply`),
  );
}

/** Visible text of a send: a card's markdown or a post's text. */
export function visible(call: FeishuCall): string {
  const content = String(call.body.content ?? "");
  if (call.body.msg_type === "interactive" || call.route === "patch") {
    const card = readCard(content);
    return `${card.title}\n${card.text}`;
  }
  const post = JSON.parse(content) as { zh_cn?: { content?: { text?: string }[][] } };
  return (post.zh_cn?.content ?? []).map((l) => l.map((n) => n.text ?? "").join("")).join("\n");
}

function raise(message: string): never {
  throw new Error(message);
}

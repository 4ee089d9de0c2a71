import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageEvent } from "../fakes/feishu-events.ts";
import { FAKE_APP, FakeFeishuServer } from "../fakes/feishu-open-api.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";
import { repliesTo, visible } from "./feishu-harness.ts";
import { ALICE, answerTo, PRIVATE_CHAT, visibleText } from "./telegram-harness.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const QUESTION = "高新技术企业有多少家";

describe("npm start with Feishu and Telegram both configured", () => {
  let feishu: FakeFeishuServer;
  let telegram: FakeTelegramServer;
  let temp: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    feishu = await FakeFeishuServer.start();
    telegram = await FakeTelegramServer.start();
    telegram.addChat(PRIVATE_CHAT);
    temp = tempDir("dafu-main-fs-");
  });
  afterAll(async () => {
    await feishu.close();
    await telegram.close();
    temp.cleanup();
  });

  it("runs both adapters, answers on each, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        NO_PROXY: "127.0.0.1,localhost",
        DAFU_DATA_DIR: temp.dir,
        DAFU_CORPUS_DIR: CORPUS_DIR,
        DAFU_LOG_LEVEL: "info",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_URL: "",
        FEISHU_APP_ID: FAKE_APP.appId,
        FEISHU_APP_SECRET: FAKE_APP.appSecret,
        FEISHU_DOMAIN: feishu.domain,
        FEISHU_MODE: "",
      },
    });
    let err = "";
    child.stderr.on("data", (c) => {
      err += c;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await feishu.connected();
      const event = messageEvent({ chatId: "oc_dm", chatType: "p2p", text: QUESTION });
      await feishu.push(event);
      const id = event.event.message.message_id;
      await feishu.waitForCall((c) => c.route === "reply" && c.path.includes(id));
      expect(visible(repliesTo(feishu, id)[0] ?? expect.fail())).toMatch(/〔\d{4}〕\d+号/);
      await telegram.waitForCall((c) => c.method === "deleteWebhook");
      const { message } = telegram.userSays(PRIVATE_CHAT.id, ALICE, QUESTION);
      const answer = await answerTo(telegram, PRIVATE_CHAT.id, message.message_id);
      expect(visibleText(answer)).toMatch(/〔\d{4}〕\d+号/);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(err).toContain("feishu bot ready");
      expect(err).not.toContain(FAKE_APP.appSecret);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

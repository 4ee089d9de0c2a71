import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../adapters/http-server.ts";
import type { Conversation } from "../../src/answering/conversation.ts";
import { claimUpdate, UPDATE_LEASE_MS } from "../../src/storage/update-dedupe.repository.ts";
import {
  ALICE,
  answerTo,
  PRIVATE_CHAT,
  startTelegramHarness,
  type TelegramHarness,
  visibleText,
} from "./telegram-harness.ts";

/** A gate a test opens by hand. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const entered = gate();
const release = gate();

/** A conversation that fails on one word (a broken dependency) and holds another until released. */
function faulty(inner: Conversation): Conversation {
  return {
    ...inner,
    async handle(message) {
      if (message.text.includes("故障")) throw new Error("simulated failure");
      if (message.text.includes("慢")) {
        entered.open();
        await release.opened;
      }
      return inner.handle(message);
    },
  };
}

describe("telegram adapter: a failing handler", () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness({ wrap: faulty });
  });
  afterAll(() => h.close());

  it("answers politely in Chinese and keeps answering", async () => {
    const broken = h.fake.userSays(PRIVATE_CHAT.id, ALICE, "制造故障");
    const sorry = await answerTo(h.fake, PRIVATE_CHAT.id, broken.message.message_id);
    expect(visibleText(sorry)).toBe("抱歉，处理消息时出了点问题，请稍后再试。");
    const next = h.fake.userSays(PRIVATE_CHAT.id, ALICE, "高新技术企业有多少家");
    const answer = await answerTo(h.fake, PRIVATE_CHAT.id, next.message.message_id);
    expect(visibleText(answer)).toMatch(/〔\d{4}〕\d+号/);
  });

  it("finishes an answer in flight when stopped", async () => {
    const asked = h.fake.userSays(PRIVATE_CHAT.id, ALICE, "慢一点：高新技术企业有多少家");
    await entered.opened;
    const stopped = h.adapter.stop();
    release.open();
    await stopped;
    const answered = h.fake
      .callsOf("sendMessage", PRIVATE_CHAT.id)
      .filter(
        (c) =>
          c.ok &&
          (c.payload.reply_parameters as { message_id?: number }).message_id ===
            asked.message.message_id,
      );
    expect(answered).toHaveLength(1);
  });
});

describe("telegram adapter: webhook mode", () => {
  const SECRET = "s3cret_Token-1";
  let h: TelegramHarness;
  let server: HttpServer;
  let port: number;
  beforeAll(async () => {
    h = await startTelegramHarness({
      webhook: { url: "https://bot.example.test/telegram/hook", secret: SECRET },
    });
    const route = h.adapter.route;
    if (!route) throw new Error("no webhook route");
    server = createHttpServer([route]);
    port = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const post = (body: unknown, secret: string | null, path = "/telegram/hook") =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(body),
    });

  it("registers the webhook with its secret", () => {
    const set = h.fake.callsOf("setWebhook")[0];
    expect(set?.payload).toMatchObject({
      url: "https://bot.example.test/telegram/hook",
      secret_token: SECRET,
    });
  });

  it("refuses a call without the right secret and answers one with it, once", async () => {
    const message = {
      message_id: 900,
      date: 0,
      chat: PRIVATE_CHAT,
      from: ALICE,
      text: "高新技术企业有多少家",
    };
    expect((await post({ update_id: 9001, message }, "wrong")).status).toBe(401);
    expect((await post({ update_id: 9001, message }, null)).status).toBe(401);
    expect((await post({ update_id: 9001, message }, SECRET, "/other")).status).toBe(404);
    expect((await post({ update_id: 9001, message }, SECRET)).status).toBe(200);
    // Telegram retries a webhook call it thinks failed: the same update is answered once.
    expect((await post({ update_id: 9001, message }, SECRET)).status).toBe(200);
    const answers = h.fake
      .callsOf("sendMessage", PRIVATE_CHAT.id)
      .filter(
        (c) => c.ok && (c.payload.reply_parameters as { message_id?: number }).message_id === 900,
      );
    expect(answers).toHaveLength(1);
    expect(answers.map(visibleText)[0]).toMatch(/〔\d{4}〕\d+号/);
  });
});

describe("telegram adapter: a network outage", () => {
  let h: TelegramHarness;
  const held = gate();
  const holdingStarted = gate();
  /** Holds one word until the test ends (an answer that never finishes). */
  const holding = (inner: Conversation): Conversation => ({
    ...inner,
    async handle(message) {
      if (message.text.includes("卡住")) {
        holdingStarted.open();
        await held.opened;
      }
      return inner.handle(message);
    },
  });
  beforeAll(async () => {
    h = await startTelegramHarness({ wrap: holding, adapter: { stopTimeoutMs: 50 } });
  });
  afterAll(async () => {
    held.open();
    await h.close();
  });

  it("gives up on a dropped connection after a few tries, answer and apology alike", async () => {
    h.fake.dropNext("sendMessage", 100);
    const from = h.fake.calls.length;
    h.fake.userSays(PRIVATE_CHAT.id, ALICE, "高新技术企业有多少家");
    const dropped = () =>
      h.fake.calls.slice(from).filter((c) => c.method === "sendMessage" && !c.ok).length;
    await h.fake.waitForCall(() => dropped() >= 6, from);
    // Nothing left in flight: stop() returns (auto-retry alone would retry for ever).
    await h.adapter.stop();
    expect(dropped()).toBe(6);
    h.fake.dropNext("sendMessage", 0);
    await h.restart();
  });

  it("stops by its deadline even when an answer never finishes", async () => {
    h.fake.userSays(PRIVATE_CHAT.id, ALICE, "卡住：高新技术企业有多少家");
    await holdingStarted.opened;
    await h.adapter.stop();
    expect(h.fake.callsOf("sendMessage", PRIVATE_CHAT.id).filter((c) => c.ok)).toHaveLength(0);
  });
});

describe("telegram adapter: update claims", () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness();
  });
  afterAll(() => h.close());

  it("marks an update done once answered, so a late redelivery is not answered again", async () => {
    const asked = h.fake.userSays(PRIVATE_CHAT.id, ALICE, "高新技术企业有多少家");
    await answerTo(h.fake, PRIVATE_CHAT.id, asked.message.message_id);
    const id = String(asked.update?.update_id);
    await h.adapter.stop();
    const later = Date.now() + 60 * 60_000;
    expect(await claimUpdate(h.app.db, "telegram", id, later, UPDATE_LEASE_MS)).toBe(false);
  });
});

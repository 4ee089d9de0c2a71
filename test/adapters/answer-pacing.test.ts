import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerPacing } from "../../adapters/telegram/answer-pacing.ts";
import { createRateLimiter, type RateLimiter } from "../../src/alerts/rate-limiter.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";

const CHAT = 701;
let fake: FakeTelegramServer;

beforeEach(async () => {
  fake = await FakeTelegramServer.start();
  fake.addChat({ id: CHAT, type: "private", first_name: "Alice" });
});
afterEach(async () => {
  await fake.close();
});

const api = (pacer: RateLimiter) => {
  const paced = new Api(fake.token, { apiRoot: fake.apiRoot });
  paced.config.use(answerPacing(pacer));
  return paced;
};

describe("answers paced ahead of alerts", () => {
  it("gives an answer the next slot ahead of alerts already waiting", async () => {
    const limiter = createRateLimiter({
      perSecond: 5,
      perChatIntervalMs: 0,
      perGroupPerMinute: null,
    });
    const bare = new Api(fake.token, { apiRoot: fake.apiRoot });
    // The dispatcher's way: a slot at alert priority, then the send.
    const alert = (n: number) =>
      limiter
        .acquire(String(CHAT), "alert")
        .then(() => bare.sendMessage(CHAT, `提醒${n}`, { parse_mode: "HTML" }));
    const alerts = [1, 2, 3].map(alert);
    const answer = api(limiter).sendMessage(CHAT, "答复", { parse_mode: "HTML" });
    await Promise.all([...alerts, answer]);
    // Three alerts asked first, the answer last: the answer goes first.
    expect(fake.callsOf("sendMessage").map((c) => c.payload.text)).toEqual([
      "答复",
      "提醒1",
      "提醒2",
      "提醒3",
    ]);
  });

  it("takes a slot for message calls only, at answer priority", async () => {
    const taken: [string, string | undefined][] = [];
    const recording: RateLimiter = {
      async acquire(chatId, priority) {
        taken.push([chatId, priority]);
      },
      waiting: 0,
    };
    const paced = api(recording);
    const sent = await paced.sendMessage(CHAT, "一", { parse_mode: "HTML" });
    await paced.editMessageText(CHAT, sent.message_id, "二", { parse_mode: "HTML" });
    await paced.getMe();
    expect(taken.map(([, priority]) => priority)).toEqual(["answer", "answer"]);
  });
});

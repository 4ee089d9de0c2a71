import { autoRetry } from "@grammyjs/auto-retry";
import { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import type { AlertSender } from "../../src/alerts/alert-types.ts";
import { type ApiCall, FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";
import { alertItem, alertMessage, alertTarget, HOSTILE } from "./alert-fixtures.ts";

const PRIVATE = 601;
const GROUP = -1601;
const FORUM = -1602;

let fake: FakeTelegramServer;
let sender: AlertSender;

beforeEach(async () => {
  fake = await FakeTelegramServer.start();
  fake.addChat({ id: PRIVATE, type: "private", first_name: "Alice" });
  fake.addChat({ id: GROUP, type: "supergroup", title: "群" });
  fake.addChat({ id: FORUM, type: "supergroup", title: "论坛", is_forum: true }, { topics: [77] });
  // The bot's own Api retries 429s by itself; the alert sender must not.
  const api = new Api(fake.token, { apiRoot: fake.apiRoot });
  api.config.use(autoRetry({ maxRetryAttempts: 5 }));
  sender = createTelegramAlertSender(api);
});
afterEach(async () => {
  await fake.close();
});

const sends = () => fake.callsOf("sendMessage");
const visible = (call: ApiCall) => {
  const parsed = parseTelegramHtml(String(call.payload.text));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
};
const buttons = (call: ApiCall) =>
  ((call.payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? []).flat();

describe("telegram alert sender: the platform call", () => {
  it("sends one alert as one HTML message with every field and an open button", async () => {
    const outcome = await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()]));
    expect(outcome.kind).toBe("sent");
    const [call] = sends();
    expect(sends()).toHaveLength(1);
    expect(call?.payload).toMatchObject({ chat_id: PRIVATE, parse_mode: "HTML" });
    expect(call?.payload.disable_notification).toBeUndefined();
    expect(call?.payload.message_thread_id).toBeUndefined();
    const text = visible(call as ApiCall);
    for (const part of [
      "订阅提醒：新答复",
      "关于加快乡村客运站建设的建议的答复",
      "某交提复〔2024〕12号",
      "某某县 · 某某县交通运输局 · 2024-06-18",
      "办理结果：A类（已解决或采纳）",
      "匹配章节：二、下一步工作打算",
      "年内完成三个乡镇客运站的改造",
      "订阅：#3 客运站",
    ])
      expect(text).toContain(part);
    expect(text).not.toContain("replies/2024");
    expect(buttons(call as ApiCall)).toEqual([{ text: "打开答复", callback_data: "r:41" }]);
    expect(outcome).toEqual({
      kind: "sent",
      messageId: String((call?.result as { message_id?: number } | undefined)?.message_id),
    });
  });

  it("opens a page source with a URL button", async () => {
    const item = alertItem({ source: "https://gov.example.cn/zwgk/2024/12.html" });
    await sender.send(alertTarget(String(PRIVATE)), alertMessage([item]));
    expect(buttons(sends()[0] as ApiCall)).toEqual([
      { text: "打开答复", url: "https://gov.example.cn/zwgk/2024/12.html" },
    ]);
  });

  it("falls back to the callback button when Telegram refuses the page address", async () => {
    fake.failNext("sendMessage", { code: 400, description: "Bad Request: BUTTON_URL_INVALID" });
    const item = alertItem({ source: "https://gov.example.cn/zwgk/2024/12.html" });
    expect((await sender.send(alertTarget(String(PRIVATE)), alertMessage([item]))).kind).toBe(
      "sent",
    );
    expect(sends().map((c) => c.ok)).toEqual([false, true]);
    expect(buttons(sends()[1] as ApiCall)).toEqual([{ text: "打开答复", callback_data: "r:41" }]);
  });

  it("sends several replies as one digest with a numbered open button each", async () => {
    const items = [1, 2, 3].map((n) => alertItem({ replyId: n, title: `答复${n}` }));
    await sender.send(alertTarget(String(GROUP)), alertMessage(items));
    expect(sends()).toHaveLength(1);
    const text = visible(sends()[0] as ApiCall);
    expect(text.split("\n")[0]).toBe("订阅提醒：3 份新答复");
    expect(text.indexOf("1. 答复1")).toBeLessThan(text.indexOf("2. 答复2"));
    expect(buttons(sends()[0] as ApiCall).map((b) => b.text)).toEqual([
      "打开 1",
      "打开 2",
      "打开 3",
    ]);
  });

  it("splits a long digest between replies, every message under 4096 and every reply once", async () => {
    const long = "很长的摘录，".repeat(200);
    const items = Array.from({ length: 30 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long }),
    );
    const outcome = await sender.send(alertTarget(String(GROUP)), alertMessage(items, true));
    expect(outcome.kind).toBe("sent");
    expect(sends().length).toBeGreaterThan(1);
    const texts = sends().map(visible);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    const all = texts.join("\n");
    for (let i = 1; i <= 30; i++) expect(all.split(`第${i}份答复`)).toHaveLength(2);
    const data = sends().flatMap((c) =>
      buttons(c).map((b) => ("callback_data" in b ? b.callback_data : "")),
    );
    expect(data).toEqual(items.map((i) => `r:${i.replyId}`));
    expect(texts[0]).toContain("每日订阅摘要：30 份答复");
  });

  it("says 已更新 and what changed for a revision", async () => {
    const item = alertItem({ revised: true, changes: ["办理结果：B类 → A类", "正文有改动"] });
    await sender.send(alertTarget(String(PRIVATE)), alertMessage([item]));
    const text = visible(sends()[0] as ApiCall);
    expect(text).toContain("订阅提醒：答复已更新");
    expect(text).toContain("已更新：办理结果：B类 → A类；正文有改动");
  });

  it("posts into the subscription's forum topic, and silently when asked", async () => {
    const target = alertTarget(String(FORUM), { threadId: "77", silent: true });
    expect((await sender.send(target, alertMessage([alertItem()]))).kind).toBe("sent");
    expect(sends()[0]?.payload).toMatchObject({
      message_thread_id: 77,
      disable_notification: true,
    });
  });

  it("falls back to the General topic when the topic is gone", async () => {
    const target = alertTarget(String(FORUM), { threadId: "99" });
    expect((await sender.send(target, alertMessage([alertItem()]))).kind).toBe("sent");
    expect(sends().map((c) => c.ok)).toEqual([false, true]);
    expect(sends()[1]?.payload.message_thread_id).toBeUndefined();
  });

  it("never lets document text add markup, links or escape sequences", async () => {
    const item = alertItem({
      title: HOSTILE,
      label: HOSTILE,
      excerpt: HOSTILE,
      section: HOSTILE,
      issuer: HOSTILE,
      result: HOSTILE,
      changes: [HOSTILE],
      revised: true,
    });
    expect((await sender.send(alertTarget(String(PRIVATE)), alertMessage([item]))).kind).toBe(
      "sent",
    );
    const html = String(sends()[0]?.payload.text);
    expect(html).not.toMatch(/<a |<at/);
    expect(html.includes("\u001b") || html.includes("\u0007")).toBe(false);
    expect(html.match(/<b>/g)?.length).toBe(3);
    const text = visible(sends()[0] as ApiCall);
    expect(text).toContain('<b>粗</b><a href="https://evil.example/x">点我</a>');
    expect(text).toContain("&amp; &lt;i&gt;");
    expect(text).toContain("- 列表 红 &amp;");
  });
});

describe("telegram alert sender: errors as outcomes", () => {
  it("reports a 429 as rate_limited with retry_after in ms, without retrying by itself", async () => {
    fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 7",
      retryAfter: 7,
    });
    const outcome = await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()]));
    expect(outcome).toEqual({ kind: "rate_limited", retryAfterMs: 7000 });
    expect(sends()).toHaveLength(1);
  });

  it("reports a blocked user, a kicked bot and an unknown chat as undeliverable", async () => {
    (fake.chats.get(PRIVATE) as { blocked: boolean }).blocked = true;
    expect(
      await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()])),
    ).toMatchObject({
      kind: "undeliverable",
      reason: "blocked",
      pause: false,
    });
    fake.failNext("sendMessage", {
      code: 403,
      description: "Forbidden: bot was kicked from the supergroup chat",
    });
    expect(
      await sender.send(alertTarget(String(GROUP)), alertMessage([alertItem()])),
    ).toMatchObject({
      kind: "undeliverable",
      reason: "kicked",
      pause: false,
    });
    expect(await sender.send(alertTarget("-999"), alertMessage([alertItem()]))).toMatchObject({
      kind: "undeliverable",
      reason: "chat_not_found",
    });
  });

  it("reports a group upgraded to a supergroup as migrated to its new id", async () => {
    (fake.chats.get(GROUP) as { migratedTo: number | null }).migratedTo = -100777;
    expect(await sender.send(alertTarget(String(GROUP)), alertMessage([alertItem()]))).toEqual({
      kind: "migrated",
      newChatId: "-100777",
    });
  });

  it("reports 5xx and a dropped connection as transient", async () => {
    fake.failNext("sendMessage", { code: 502, description: "Bad Gateway" });
    expect(
      (await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()]))).kind,
    ).toBe("transient");
    fake.dropNext("sendMessage");
    expect(
      (await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()]))).kind,
    ).toBe("transient");
  });

  it("reports a message Telegram refuses (400) as rejected; a deleted group as disbanded, an unknown peer as not found", async () => {
    fake.failNext("sendMessage", {
      code: 400,
      description: "Bad Request: can't parse entities: unsupported start tag",
    });
    expect(
      await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()])),
    ).toMatchObject({ kind: "rejected", error: expect.stringContaining("can't parse entities") });
    fake.failNext("sendMessage", {
      code: 403,
      description: "Forbidden: the group chat was deleted",
    });
    fake.failNext("sendMessage", {
      code: 400,
      description: "Bad Request: group chat was deactivated",
    });
    expect(
      await sender.send(alertTarget(String(GROUP)), alertMessage([alertItem()])),
    ).toMatchObject({ kind: "undeliverable", reason: "disbanded", pause: false });
    expect(
      await sender.send(alertTarget(String(GROUP)), alertMessage([alertItem()])),
    ).toMatchObject({ kind: "undeliverable", reason: "disbanded", pause: false });
    fake.failNext("sendMessage", { code: 400, description: "Bad Request: PEER_ID_INVALID" });
    expect(
      await sender.send(alertTarget(String(PRIVATE)), alertMessage([alertItem()])),
    ).toMatchObject({ kind: "undeliverable", reason: "chat_not_found" });
  });

  it("takes a pacer slot for each part of a split digest after the first", async () => {
    const granted: string[] = [];
    const pacer = {
      waiting: 0,
      async acquire(chatId: string, priority?: string) {
        granted.push(`${chatId}:${priority}:${sends().length}`);
      },
    };
    const paced = createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }), {
      pacer,
    });
    const long = "很长的摘录，".repeat(200);
    const items = Array.from({ length: 30 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long }),
    );
    expect((await paced.send(alertTarget(String(GROUP)), alertMessage(items))).kind).toBe("sent");
    const parts = sends().length;
    expect(parts).toBeGreaterThan(1);
    // One slot before every part but the first (the dispatcher takes that one), in order.
    expect(granted).toEqual(Array.from({ length: parts - 1 }, (_, i) => `${GROUP}:alert:${i + 1}`));
  });

  it("resumes a split digest after the parts already confirmed when retried", async () => {
    const long = "很长的摘录，".repeat(200);
    const items = Array.from({ length: 30 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long }),
    );
    const target = alertTarget(String(GROUP));
    // The first part goes through; the second gets a 429.
    const off = fake.onCall((call) => {
      if (call.ok && call.method === "sendMessage") {
        fake.failNext("sendMessage", {
          code: 429,
          description: "Too Many Requests",
          retryAfter: 1,
        });
        off();
      }
    });
    expect((await sender.send(target, alertMessage(items))).kind).toBe("rate_limited");
    expect((await sender.send(target, alertMessage(items))).kind).toBe("sent");
    const delivered = sends()
      .filter((c) => c.ok)
      .map(visible)
      .join("\n");
    for (let i = 1; i <= 30; i++) expect(delivered.split(`第${i}份答复`)).toHaveLength(2);
  });
});

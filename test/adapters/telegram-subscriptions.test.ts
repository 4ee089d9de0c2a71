import type { Chat, InlineKeyboardMarkup, Message, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveQuestionContext, questionToFilter } from "../../src/alerts/question-filter.ts";
import { describeFilter, parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { normalizeForSearch } from "../../src/search/tokenizer.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { listSubscriptions } from "../../src/storage/subscription.repository.ts";
import type { ApiCall } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";
import { type FixtureReply, writeFixtureReplies } from "../helpers/fixture-replies.ts";
import {
  ALICE,
  answerTo,
  BOB,
  FORUM,
  PRIVATE_CHAT,
  startTelegramHarness,
  type TelegramHarness,
  visibleText,
} from "./telegram-harness.ts";

/** A group where Alice is the only admin. */
const GROUP: Chat.SupergroupChat = { id: -1003, type: "supergroup", title: "订阅测试群" };
/** A group with no listed admin: only the group itself (an anonymous admin) may change things. */
const ANON_GROUP: Chat.SupergroupChat = { id: -1004, type: "supergroup", title: "匿名管理员群" };
/** Who Telegram shows as the sender of an anonymous admin's message. */
const ANONYMOUS_BOT: User = { id: 1087968824, is_bot: true, first_name: "Group" };

let h: TelegramHarness;
beforeAll(async () => {
  h = await startTelegramHarness();
  h.fake.addChat(GROUP, { admins: [ALICE.id] });
  h.fake.addChat(ANON_GROUP, { admins: [] });
  const forum = h.fake.chats.get(FORUM.id);
  forum?.admins.add(ALICE.id);
});
afterAll(() => h.close());

async function say(
  chatId: number,
  text: string,
  from: User = ALICE,
  options: { thread?: number; senderChat?: Chat } = {},
): Promise<ApiCall> {
  const { message } = h.fake.userSays(chatId, from, text, options);
  return answerTo(h.fake, chatId, message.message_id);
}

function button(call: ApiCall, label: string): string {
  const markup = (call.result as Message.TextMessage).reply_markup as InlineKeyboardMarkup;
  const found = markup?.inline_keyboard.flat().find((b) => b.text === label);
  if (!found || !("callback_data" in found) || !found.callback_data)
    throw new Error(`no button ${label}`);
  return found.callback_data;
}

/** A reply as a fixture file (its 文号 and topics vary per test). */
const NEW_REPLY: FixtureReply = {
  docNumber: "",
  number: "0042",
  title: "关于改善社区服务的提案",
  topics: [],
  date: "2026-01-05",
};

const adminCalls = (chatId: number) => h.fake.callsOf("getChatAdministrators", chatId);

describe("telegram: subscribing from a chat", () => {
  it("subscribes, lists, changes settings and unsubscribes in a private chat", async () => {
    const subscribed = visibleText(await say(PRIVATE_CHAT.id, "/subscribe 高新技术企业 2023"));
    expect(subscribed).toContain("已订阅");
    const understood = describeFilter(parseSubscriptionFilter("高新技术企业 2023"));
    expect(subscribed).toContain(understood);
    const [sub] = await listSubscriptions(h.app.db, "telegram", String(PRIVATE_CHAT.id));
    expect(sub?.filterText).toBe("高新技术企业 2023");
    expect(sub?.createdBy).toBe(String(ALICE.id));
    expect(visibleText(await say(PRIVATE_CHAT.id, "/subscribe 2023 高新技术企业"))).toContain(
      "已经订阅过",
    );
    const listed = visibleText(await say(PRIVATE_CHAT.id, "我的订阅"));
    expect(listed).toContain(`#${sub?.id} ${understood}`);
    expect(listed).toContain("提醒方式：即时提醒");
    const digest = visibleText(await say(PRIVATE_CHAT.id, "提醒设置 每日 8点"));
    expect(digest).toContain("每天 08:00");
    expect(visibleText(await say(PRIVATE_CHAT.id, "/settings quiet 22-7"))).toContain(
      "免打扰：22:00–07:00",
    );
    expect(visibleText(await say(PRIVATE_CHAT.id, "/settings"))).toContain(
      "每日汇总（每天 08:00）",
    );
    const removed = visibleText(await say(PRIVATE_CHAT.id, `/unsubscribe ${sub?.id}`));
    expect(removed).toContain("已取消 1 个订阅");
    expect(await listSubscriptions(h.app.db, "telegram", String(PRIVATE_CHAT.id))).toEqual([]);
    expect(adminCalls(PRIVATE_CHAT.id)).toHaveLength(0);
  });

  it("answers a bad filter or setting with the forms it takes", async () => {
    const bad = visibleText(await say(PRIVATE_CHAT.id, "/subscribe 2023年 2024年 养老"));
    expect(bad).toContain("一个订阅只能指定一个年份");
    expect(bad).toContain("/subscribe 养老 社区");
    const setting = visibleText(await say(PRIVATE_CHAT.id, "/settings 每周一"));
    expect(setting).toContain("/settings digest 8");
    expect(setting).toContain("/settings quiet 22-7");
  });

  it("in a group, refuses a member who is not an admin and lets the admin subscribe (admins asked once)", async () => {
    const refused = visibleText(await say(GROUP.id, "/subscribe 养老", BOB));
    expect(refused).toContain("只有群主或管理员");
    expect(adminCalls(GROUP.id)).toHaveLength(1);
    expect(adminCalls(GROUP.id)[0]?.payload.chat_id).toBe(GROUP.id);
    expect(await listSubscriptions(h.app.db, "telegram", String(GROUP.id))).toEqual([]);
    const allowed = visibleText(await say(GROUP.id, "/subscribe@DafuTestBot 养老", ALICE));
    expect(allowed).toContain("已订阅");
    expect(adminCalls(GROUP.id)).toHaveLength(1);
    // Listing is open to everyone, and asks nobody.
    expect(visibleText(await say(GROUP.id, "/subscriptions", BOB))).toContain("关键词「养老」");
    expect(visibleText(await say(GROUP.id, "/unsubscribe all", BOB))).toContain("只有群主或管理员");
    expect(adminCalls(GROUP.id)).toHaveLength(1);
    expect(await listSubscriptions(h.app.db, "telegram", String(GROUP.id))).toHaveLength(1);
  });

  it("lets an anonymous admin (the group posting as itself) subscribe", async () => {
    const reply = visibleText(
      await say(ANON_GROUP.id, "/subscribe 教育", ANONYMOUS_BOT, { senderChat: ANON_GROUP }),
    );
    expect(reply).toContain("已订阅");
    expect(await listSubscriptions(h.app.db, "telegram", String(ANON_GROUP.id))).toHaveLength(1);
    expect(visibleText(await say(ANON_GROUP.id, "/settings silent on", ALICE))).toContain(
      "只有群主或管理员",
    );
  });

  it("records the forum topic a subscription was made in and answers there", async () => {
    const call = await say(FORUM.id, "/subscribe 医疗", ALICE, { thread: 77 });
    expect(call.payload.message_thread_id).toBe(77);
    expect(visibleText(call)).toContain("提醒会发到这个话题");
    const [sub] = await listSubscriptions(h.app.db, "telegram", String(FORUM.id));
    expect(sub?.threadId).toBe("77");
    // A new reply that matches is queued for that topic; one that does not, is not.
    const corpus = tempDir("dafu-tg-sub-");
    writeFixtureReplies(corpus.dir, [
      {
        ...NEW_REPLY,
        docNumber: "测卫复〔2026〕1号",
        topics: [["医疗", "新建社区医疗服务点12个。"]],
      },
      { ...NEW_REPLY, docNumber: "测卫复〔2026〕2号", topics: [["交通", "新开公交线路3条。"]] },
    ]);
    await h.app.ingest([corpus.dir]);
    corpus.cleanup();
    const rows = await h.app.db
      .withTables<AlertTables>()
      .selectFrom("alert_outbox")
      .select(["thread_id", "chat_id"])
      .where("subscription_id", "=", sub?.id ?? 0)
      .execute();
    expect(rows).toEqual([{ thread_id: "77", chat_id: String(FORUM.id) }]);
  });

  it("subscribes to an answer's question from its button and shows recent matches on request", async () => {
    const question = "杨浦区现在有多少家高新技术企业和专精特新企业？";
    const answer = await say(PRIVATE_CHAT.id, question);
    const data = button(answer, "🔔 订阅此问题");
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const botMessage = (answer.result as Message.TextMessage).message_id;
    h.fake.pressButton(PRIVATE_CHAT.id, botMessage, data, ALICE);
    const confirmation = await answerTo(h.fake, PRIVATE_CHAT.id, botMessage);
    expect(visibleText(confirmation)).toContain("已订阅");
    const subs = await listSubscriptions(h.app.db, "telegram", String(PRIVATE_CHAT.id));
    // The question's place and its rarest words, not the whole sentence as one keyword.
    const derived = questionToFilter(question, liveQuestionContext(h.app.search));
    expect(subs.map((s) => s.filterText)).toEqual([
      ...subs.map((s) => s.filterText).slice(0, -1),
      derived,
    ]);
    const filter = subs.at(-1)?.filter;
    expect(filter?.place).toBe("杨浦区");
    expect(filter?.keywords.length).toBeGreaterThanOrEqual(1);
    expect(filter?.keywords.length).toBeLessThanOrEqual(3);
    for (const k of filter?.keywords ?? []) expect(normalizeForSearch(question)).toContain(k);
    expect(filter?.keywords).not.toContain(normalizeForSearch(question));
    expect(visibleText(confirmation)).toContain(describeFilter(parseSubscriptionFilter(derived)));
    const recentData = button(confirmation, "查看最近匹配的答复");
    const confirmationId = (confirmation.result as Message.TextMessage).message_id;
    h.fake.pressButton(PRIVATE_CHAT.id, confirmationId, recentData, ALICE);
    const recent = visibleText(await answerTo(h.fake, PRIVATE_CHAT.id, confirmationId));
    expect(recent).toContain("最近符合订阅");
    expect(recent).toMatch(/〔\d{4}〕\d+号/);
  });

  it("tells a member who is not an admin, privately, that the subscribe button is not for them", async () => {
    const before = await listSubscriptions(h.app.db, "telegram", String(GROUP.id));
    const answer = await say(GROUP.id, "/ask 高新技术企业", ALICE);
    const botMessage = (answer.result as Message.TextMessage).message_id;
    const id = h.fake.pressButton(GROUP.id, botMessage, button(answer, "🔔 订阅此问题"), BOB);
    const toast = await h.fake.waitForCall(
      (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === id,
    );
    expect(toast.payload.text).toContain("只有群主或管理员");
    expect(toast.payload.show_alert).toBe(true);
    const subs = await listSubscriptions(h.app.db, "telegram", String(GROUP.id));
    expect(subs.map((s) => s.id)).toEqual(before.map((s) => s.id));
  });
});

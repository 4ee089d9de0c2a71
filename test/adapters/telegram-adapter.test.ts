import { writeFileSync } from "node:fs";
import path from "node:path";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChatStatus } from "../../src/storage/chat-status.repository.ts";
import { listReplies } from "../../src/storage/reply.repository.ts";
import type { ApiCall } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";
import { fixtureReplyText } from "../helpers/fixture-replies.ts";
import {
  ADMIN_GROUP,
  ALICE,
  answersTo,
  answerTo,
  BOB,
  FORUM,
  PRIVATE_CHAT,
  startTelegramHarness,
  type TelegramHarness,
  visibleText,
} from "./telegram-harness.ts";

const HOSTILE =
  "<script>alert(1)</script> 园区数字化改造投入 R&D 经费 <b>3.5亿元</b>，\u0007控制字符 不应显示。";
const LONG_SECTION = Array.from(
  { length: 500 },
  (_, i) => `第${i + 1}项园区数字化改造措施覆盖企业、平台与公共服务，推动设备更新和数据互通。`,
).join("");

let h: TelegramHarness;
let extra: { dir: string; cleanup: () => void };
beforeAll(async () => {
  extra = tempDir("dafu-tg-corpus-");
  writeFileSync(
    path.join(extra.dir, "hostile.txt"),
    fixtureReplyText({
      docNumber: "测经信复〔2025〕7号",
      issuer: "上海市测试经济和信息化委员会",
      number: "0999",
      title: "关于推进园区数字化改造的提案",
      topics: [
        ["数字化改造", HOSTILE],
        ["措施清单", LONG_SECTION],
      ],
      date: "2025-03-10",
    }),
  );
  writeFileSync(
    path.join(extra.dir, "no-doc-number.txt"),
    fixtureReplyText({
      docNumber: "",
      issuer: "示例县发展和改革局",
      session: "示例县十八届人大三次会议",
      number: "12",
      kind: "代表建议",
      title: "关于加快乡村物流网点建设的建议",
      topics: [["物流网点", "全县已建成村级物流服务点86个，快递进村覆盖率达到95%。"]],
      date: "2024-06-20",
    }),
  );
  h = await startTelegramHarness({ ingest: [extra.dir] });
});
afterAll(async () => {
  await h.close();
  extra.cleanup();
});

const BOT = "@DafuTestBot";

/** 文号 of every reply held, to check that an answer cites one of them. */
async function heldDocNumbers(): Promise<string[]> {
  const replies = await listReplies(h.app.db, { limit: 1000 });
  return replies.map((r) => r.docNumber).filter((d): d is string => d !== null);
}

/** The bot message a sendMessage call created. */
function sentMessage(call: ApiCall): Message.TextMessage {
  return call.result as Message.TextMessage;
}

/** The callback data of the button labelled `label` on a message. */
function button(markup: InlineKeyboardMarkup | undefined, label: string): string {
  const found = markup?.inline_keyboard.flat().find((b) => b.text === label);
  if (!found || !("callback_data" in found) || !found.callback_data)
    throw new Error(`no button ${label}`);
  return found.callback_data;
}

/** Asks in a chat and waits for the answer replying to the question. */
async function ask(
  chatId: number,
  text: string,
  options: { replyTo?: number; thread?: number } = {},
) {
  const { message } = h.fake.userSays(chatId, ALICE, text, options);
  return { question: message, answer: await answerTo(h.fake, chatId, message.message_id) };
}

describe("telegram adapter: who gets an answer", () => {
  it("answers a private question with cited excerpts, replying to it", async () => {
    const { answer } = await ask(PRIVATE_CHAT.id, "高新技术企业有多少家");
    const text = visibleText(answer);
    expect(String(answer.payload.text)).toContain("<blockquote>");
    expect((await heldDocNumbers()).some((d) => text.includes(d))).toBe(true);
    expect(answer.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    expect(answer.payload.link_preview_options).toEqual({ is_disabled: true });
  });

  it("answers a group member who mentions the bot with exactly one cited message", async () => {
    const { question, answer } = await ask(ADMIN_GROUP.id, `${BOT} 高新技术企业有多少家`);
    expect(visibleText(answer)).toMatch(/〔\d{4}〕\d+号/);
    // Handled in order per chat: once the next question is answered, the first had its only answer.
    await ask(ADMIN_GROUP.id, `/ask${BOT} 帮助`);
    expect(answersTo(h.fake, ADMIN_GROUP.id, question.message_id)).toHaveLength(1);
  });

  it("stays silent on unaddressed chatter and on commands for another bot", async () => {
    const from = h.fake.calls.length;
    h.fake.userSays(ADMIN_GROUP.id, BOB, "高新技术企业有多少家");
    h.fake.userSays(ADMIN_GROUP.id, BOB, "/ask@OtherBot 高新技术企业有多少家");
    h.fake.userSays(ADMIN_GROUP.id, BOB, "/doc@OtherBot 1号");
    h.fake.userSays(ADMIN_GROUP.id, BOB, "@OtherBot 高新技术企业有多少家");
    const { question } = await ask(ADMIN_GROUP.id, "/ask@dafutestbot 高新技术企业有多少家");
    const sent = h.fake.calls.slice(from).filter((c) => c.method === "sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload.reply_parameters).toMatchObject({ message_id: question.message_id });
  });

  it("takes a reply to its message as a follow-up: 更多 shows the next page", async () => {
    const first = await ask(ADMIN_GROUP.id, `/ask${BOT} 高新技术企业有多少家`);
    const botMessage = sentMessage(first.answer);
    const next = await ask(ADMIN_GROUP.id, "更多", { replyTo: botMessage.message_id });
    expect(visibleText(next.answer)).toContain("第 2 页");
  });

  it("answers in the forum topic it was asked in, and not in a topic otherwise", async () => {
    const inTopic = await ask(FORUM.id, "/ask 高新技术企业有多少家", { thread: 77 });
    expect(inTopic.answer.payload.message_thread_id).toBe(77);
    const general = await ask(FORUM.id, `${BOT} 高新技术企业有多少家`);
    expect(general.answer.payload.message_thread_id).toBeUndefined();
  });

  it("opens a reply from a /start deep link and shows /help with the corpus's own examples", async () => {
    const [newest] = await listReplies(h.app.db, { limit: 1 });
    const docNumber = newest?.docNumber ?? "";
    const payload = Buffer.from(docNumber).toString("base64url");
    const start = await ask(PRIVATE_CHAT.id, `/start ${payload}`);
    expect(visibleText(start.answer)).toContain(newest?.issuer ?? "?");
    const help = await ask(ADMIN_GROUP.id, `/help${BOT}`);
    expect(visibleText(help.answer)).toContain(`/doc${BOT} ${docNumber}`);
  });
});

describe("telegram adapter: paging and sections", () => {
  it("pages by editing the message, also after a restart", async () => {
    const { answer } = await ask(PRIVATE_CHAT.id, "高新技术企业有多少家");
    const shown = sentMessage(answer);
    const from = h.fake.calls.length;
    const pressed = h.fake.pressButton(
      PRIVATE_CHAT.id,
      shown.message_id,
      button(shown.reply_markup, "下一页 ›"),
      ALICE,
    );
    const edit = await h.fake.waitForCall((c) => c.method === "editMessageText", from);
    expect(edit.ok).toBe(true);
    expect(edit.payload.message_id).toBe(shown.message_id);
    expect(visibleText(edit)).toContain("第 2 页");
    await h.fake.waitForCall(
      (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === pressed,
      from,
    );

    await h.restart();
    const edited = h.fake.chats.get(PRIVATE_CHAT.id)?.messages.get(shown.message_id);
    const back = button(edited?.reply_markup, "‹ 上一页");
    const afterRestart = h.fake.calls.length;
    h.fake.pressButton(PRIVATE_CHAT.id, shown.message_id, back, ALICE);
    const editBack = await h.fake.waitForCall((c) => c.method === "editMessageText", afterRestart);
    expect(editBack.ok).toBe(true);
    expect(visibleText(editBack)).toContain("第 1 页");

    // Pressing it again changes nothing: Telegram says "not modified", the press is still answered.
    const again = h.fake.calls.length;
    const id = h.fake.pressButton(PRIVATE_CHAT.id, shown.message_id, back, ALICE);
    const unchanged = await h.fake.waitForCall((c) => c.method === "editMessageText", again);
    expect(unchanged.error).toMatch(/not modified/);
    await ask(PRIVATE_CHAT.id, "帮助");
    const repeat = h.fake.calls.slice(again);
    expect(
      repeat.some((c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === id),
    ).toBe(true);
    expect(repeat.filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("says politely when a result set has expired", async () => {
    const { answer } = await ask(PRIVATE_CHAT.id, "高新技术企业有多少家");
    const from = h.fake.calls.length;
    const id = h.fake.pressButton(
      PRIVATE_CHAT.id,
      sentMessage(answer).message_id,
      "p:AAAAAAAA:2",
      ALICE,
    );
    const reply = await h.fake.waitForCall(
      (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === id,
      from,
    );
    expect(reply.payload).toMatchObject({ show_alert: true });
    expect(String(reply.payload.text)).toContain("过期");
  });

  it("opens a 20,000-character section as several valid messages split at sentence ends", async () => {
    const { answer } = await ask(PRIVATE_CHAT.id, "园区数字化改造措施覆盖哪些方面");
    const shown = sentMessage(answer);
    const items = visibleText(answer).split(/\n\n(?=\d+\. )/);
    const index = items.findIndex((item) => item.includes("措施清单"));
    expect(index).toBeGreaterThanOrEqual(0);
    const from = h.fake.calls.length;
    h.fake.pressButton(
      PRIVATE_CHAT.id,
      shown.message_id,
      button(shown.reply_markup, `全文 ${index + 1}`),
      ALICE,
    );
    const last = await h.fake.waitForCall(
      (c) => c.method === "sendMessage" && /（(\d+)\/\1）/.test(String(c.payload.text)),
      from,
    );
    const parts = h.fake.calls
      .slice(from, h.fake.calls.indexOf(last) + 1)
      .filter((c) => c.method === "sendMessage");
    expect(parts.length).toBeGreaterThan(4);
    expect(parts.every((c) => c.ok && visibleText(c).length <= 4096)).toBe(true);
    const whole = parts.map(visibleText).join("");
    expect(whole).toContain("第1项");
    expect(whole).toContain(
      "第500项园区数字化改造措施覆盖企业、平台与公共服务，推动设备更新和数据互通。",
    );
    for (const part of parts.slice(0, -1)) expect(visibleText(part)).toMatch(/。$/);
  });
});

describe("telegram adapter: what it sends", () => {
  it("renders hostile document text as text", async () => {
    const { answer } = await ask(PRIVATE_CHAT.id, "园区数字化改造投入多少经费");
    expect(answer.ok).toBe(true);
    const text = visibleText(answer);
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("R&D");
    expect(text).toContain("<b>3.5亿元</b>");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none reach the chat
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it("cites a reply without 文号 by issuer and title", async () => {
    const { answer } = await ask(PRIVATE_CHAT.id, "村级物流服务点建了多少个");
    expect(visibleText(answer)).toContain(
      "示例县发展和改革局 · 《关于加快乡村物流网点建设的建议》 · 2024-06-20",
    );
  });

  it("answers an inline query with at most 50 results, each cited", async () => {
    const from = h.fake.calls.length;
    const id = h.fake.inlineQuery(ALICE, "科技创新");
    const call = await h.fake.waitForCall(
      (c) => c.method === "answerInlineQuery" && c.payload.inline_query_id === id,
      from,
    );
    expect(call.ok).toBe(true);
    const results = call.payload.results as { input_message_content: { message_text: string } }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(50);
    for (const r of results) expect(r.input_message_content.message_text).toContain("——");
  });

  it("waits out a 429 and then answers", async () => {
    h.fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    const from = h.fake.calls.length;
    const { answer } = await ask(PRIVATE_CHAT.id, "高新技术企业有多少家");
    const sends = h.fake.calls
      .slice(from, h.fake.calls.indexOf(answer) + 1)
      .filter((c) => c.method === "sendMessage");
    expect(sends.map((c) => c.ok)).toEqual([false, true]);
    expect(sends[0]?.error).toMatch(/Too Many Requests/);
  });

  it("answers a duplicate update once", async () => {
    const { message, update } = h.fake.userSays(PRIVATE_CHAT.id, ALICE, "高新技术企业有多少家");
    h.fake.push({ ...update, update_id: update?.update_id ?? 0 });
    await answerTo(h.fake, PRIVATE_CHAT.id, message.message_id);
    await ask(PRIVATE_CHAT.id, "帮助");
    expect(answersTo(h.fake, PRIVATE_CHAT.id, message.message_id)).toHaveLength(1);
  });

  it("registers its command menus: Chinese by default, English, per scope", () => {
    expect([...h.fake.commands.keys()]).toEqual(
      expect.arrayContaining([
        "default|",
        "default|en",
        "all_private_chats|",
        "all_group_chats|",
        "all_chat_administrators|en",
      ]),
    );
    const group = h.fake.commands.get("all_group_chats|") as { command: string }[];
    expect(group.map((c) => c.command)).toEqual(["ask", "doc", "subscriptions", "help"]);
    const admins = h.fake.commands.get("all_chat_administrators|") as { command: string }[];
    expect(admins.map((c) => c.command)).toEqual(
      expect.arrayContaining(["subscribe", "unsubscribe", "subscriptions", "settings"]),
    );
  });
});

describe("telegram adapter: chats that change", () => {
  it("records a chat that blocked the bot", async () => {
    const blocked = h.fake.addChat({ id: 601, type: "private", first_name: "Carol" });
    blocked.blocked = true;
    const carol = { id: 601, is_bot: false, first_name: "Carol" };
    h.fake.userSays(601, carol, "高新技术企业有多少家");
    h.fake.userSays(601, carol, "帮助");
    // The chat's second message is handled after its first, whose failure was recorded by then.
    await h.fake.waitForCall(() => h.fake.callsOf("sendMessage", 601).length === 2);
    expect((await getChatStatus(h.app.db, "telegram", "601")).status).toBe("blocked");
  });

  it("follows a group that became a supergroup to its new id", async () => {
    const old = h.fake.addChat({ id: -5005, type: "group", title: "旧群" }, { privacy: false });
    h.fake.addChat({ id: -1005005, type: "supergroup", title: "旧群" }, { privacy: false });
    old.migratedTo = -1005005;
    h.fake.userSays(-5005, ALICE, `${BOT} 高新技术企业有多少家`);
    const moved = await h.fake.waitForCall(
      (c) => c.ok && c.method === "sendMessage" && Number(c.payload.chat_id) === -1005005,
    );
    expect(visibleText(moved)).toMatch(/〔\d{4}〕\d+号/);
    expect(await getChatStatus(h.app.db, "telegram", "-5005")).toEqual({
      status: "migrated",
      detail: "-1005005",
    });
  });
});

import type { Message, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import {
  decodeAction,
  decodeStartPayload,
  encodeAction,
  encodeStartPayload,
} from "../../adapters/telegram/callback-data.ts";
import { splitText } from "../../adapters/telegram/html-text.ts";
import { toIncomingMessage } from "../../adapters/telegram/message-context.ts";
import { renderTelegram } from "../../adapters/telegram/render-html.ts";
import type { BotReply, Citation } from "../../src/answering/reply-model.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";

const CITATION: Citation = {
  label: "测发〔2025〕3号",
  docNumber: "测发〔2025〕3号",
  issuer: "某市<测试>委员会",
  date: "2025-01-02",
  section: "关于“A&B”的建议",
  subsection: null,
  replyKind: "答复",
  proposalTitle: "关于<b>加粗</b>的提案",
  place: "某市",
  resultCategory: "A",
};

const ANSWER: BotReply = {
  kind: "answer",
  query: "q",
  page: 2,
  hasMore: true,
  notes: ["<i>提示</i> & 说明"],
  items: [
    {
      citation: CITATION,
      excerpt: "x",
      segments: [
        { text: "<script>alert(1)</script>", mark: false },
        { text: "R&D\u0007经费", mark: true },
        { text: "<b>3亿</b>\u001b[31m", mark: false },
      ],
      score: 1,
      replyId: 1,
      sectionId: 2,
    },
  ],
};

const OPTIONS = { botUsername: "DafuTestBot", chatType: "group" as const, resultSetId: "Ab3_-xYz" };

function visible(html: string): string {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
}

describe("telegram renderer", () => {
  it("escapes every document string and drops control characters", () => {
    const [message] = renderTelegram(ANSWER, OPTIONS);
    const text = visible(message?.text ?? "");
    expect(text).toContain("<script>alert(1)</script>R&D经费<b>3亿</b>[31m");
    expect(text).toContain("某市<测试>委员会");
    expect(text).toContain("<i>提示</i> & 说明");
    expect(message?.text).toContain("<b>R&amp;D经费</b>");
    expect(message?.text).toMatchSnapshot();
  });

  it("puts paging, section and outline buttons under an answer, each within 64 bytes", () => {
    const [message] = renderTelegram(ANSWER, OPTIONS);
    const buttons = message?.replyMarkup?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual([
      "‹ 上一页",
      "下一页 ›",
      "全文 1",
      "提纲 1",
      "🔔 订阅此问题",
    ]);
    for (const b of buttons) {
      const data = "callback_data" in b ? (b.callback_data ?? "") : "";
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeAction(data)?.resultSetId).toBe("Ab3_-xYz");
    }
    expect(
      renderTelegram(ANSWER, { ...OPTIONS, resultSetId: null })[0]?.replyMarkup,
    ).toBeUndefined();
  });

  it("cites a reply without 文号 by issuer, title and date", () => {
    const [item] = ANSWER.kind === "answer" ? ANSWER.items : [];
    if (!item) throw new Error("fixture");
    const citation = { ...CITATION, docNumber: null, label: "某会第1号提案" };
    const reply: BotReply = { ...ANSWER, items: [{ ...item, citation }] };
    const text = visible(renderTelegram(reply, OPTIONS)[0]?.text ?? "");
    expect(text).toContain(
      "—— 某市<测试>委员会 · 《关于<b>加粗</b>的提案》 · 2025-01-02 · 办理结果 A 类",
    );
  });

  it("splits a 20,000-character section into valid messages at sentence ends", () => {
    const sentence = "各区推进园区改造<与>数据&互通，覆盖企业与平台。";
    const text = sentence.repeat(Math.ceil(20_000 / sentence.length));
    const messages = renderTelegram({ kind: "section", citation: CITATION, text }, OPTIONS);
    expect(messages.length).toBeGreaterThan(4);
    const shown = messages.map((m) => visible(m.text));
    for (const s of shown) expect(s.length).toBeLessThanOrEqual(4096);
    for (const s of shown) expect(s).toMatch(/。$/);
    const body = shown.map((s) => s.slice(s.indexOf("各区"))).join("");
    expect(body).toBe(text);
  });

  it("cuts text with no punctuation hard, never inside a surrogate pair", () => {
    const text = "😀".repeat(5000);
    const chunks = splitText(text, 3001);
    expect(chunks.join("")).toBe(text);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3001);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const c of chunks) expect(c).not.toMatch(lone);
  });

  it("shows /cmd@Bot in group help and plain questions in private help, from the corpus examples", () => {
    const help: BotReply = {
      kind: "help",
      intro: null,
      examples: {
        question: "园区<改造>有哪些措施？",
        docNumber: "测发〔2025〕3号",
        issuer: "某委",
        year: 2025,
      },
    };
    const group = visible(renderTelegram(help, OPTIONS)[0]?.text ?? "");
    expect(group).toContain("/ask@DafuTestBot 园区<改造>有哪些措施？");
    expect(group).toContain("/doc@DafuTestBot 测发〔2025〕3号");
    const direct = visible(
      renderTelegram(help, { ...OPTIONS, chatType: "private" })[0]?.text ?? "",
    );
    expect(direct).toContain("直接提问：园区<改造>有哪些措施？");
    expect(direct).toContain("/latest 2025年 某委");
  });
});

describe("telegram callback data and deep links", () => {
  it("round-trips actions and rejects foreign data", () => {
    const action = { verb: "section" as const, resultSetId: "Ab3_-xYz", page: 12, item: 2 };
    expect(decodeAction(encodeAction(action))).toEqual(action);
    expect(decodeAction("p:../../etc:1")).toBeNull();
    expect(decodeAction("x:Ab3:1")).toBeNull();
    expect(decodeAction("p:Ab3:0")).toBeNull();
  });

  it("round-trips a 文号 through a start payload of at most 64 characters", () => {
    const payload = encodeStartPayload("测科提复〔2023〕45号") ?? "";
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(decodeStartPayload(payload)).toBe("测科提复〔2023〕45号");
    expect(decodeStartPayload("hello")).toBeNull();
    expect(encodeStartPayload("号".repeat(30))).toBeNull();
  });
});

const ME: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: "dafu",
  username: "DafuTestBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;
const GROUP = { id: -1, type: "supergroup" as const, title: "g" };

function groupMessage(text: string, extra: Partial<Message> = {}): Message {
  const command = /^\/\S+/.exec(text);
  const mentions = [...text.matchAll(/@\w+/g)].map((m) => ({
    type: "mention" as const,
    offset: m.index ?? 0,
    length: m[0].length,
  }));
  return {
    message_id: 10,
    date: 0,
    chat: GROUP,
    from: { id: 7, is_bot: false, first_name: "u" },
    text,
    entities: [
      ...(command ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }] : []),
      ...mentions,
    ],
    ...extra,
  } as Message;
}

describe("telegram message context", () => {
  it("marks commands for this bot, mentions and replies to the bot as addressed", () => {
    expect(toIncomingMessage(groupMessage("/ask@dafutestbot 问题"), ME)?.context?.addressed).toBe(
      true,
    );
    expect(toIncomingMessage(groupMessage("/ask 问题"), ME)?.context?.addressed).toBe(true);
    const mention = toIncomingMessage(groupMessage("请问 @DafuTestBot 问题"), ME);
    expect(mention?.text).toBe("请问 问题");
    expect(mention?.context?.addressed).toBe(true);
    const reply = groupMessage("更多", {
      reply_to_message: { ...groupMessage("x"), message_id: 9, from: ME } as never,
    });
    expect(toIncomingMessage(reply, ME)?.context).toMatchObject({
      addressed: true,
      replyTo: { messageId: "9", fromBot: true },
    });
  });

  it("leaves chatter unaddressed and drops commands for other bots", () => {
    expect(toIncomingMessage(groupMessage("今天开会"), ME)?.context?.addressed).toBe(false);
    expect(toIncomingMessage(groupMessage("/ban 某人"), ME)?.context?.addressed).toBe(false);
    expect(toIncomingMessage(groupMessage("@OtherBot 问题"), ME)?.context?.addressed).toBe(false);
    expect(toIncomingMessage(groupMessage("/ask@OtherBot 问题"), ME)).toBeNull();
  });

  it("keeps the forum topic only for topic messages", () => {
    const topic = groupMessage("/ask 问题", {
      message_thread_id: 5,
      is_topic_message: true,
    } as Partial<Message>);
    expect(toIncomingMessage(topic, ME)?.context?.threadId).toBe("5");
    const plainReply = groupMessage("/ask 问题", { message_thread_id: 5 } as Partial<Message>);
    expect(toIncomingMessage(plainReply, ME)?.context?.threadId).toBeNull();
  });
});

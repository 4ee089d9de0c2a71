import { describe, expect, it } from "vitest";
import { renderText } from "../../adapters/console/render-text.ts";
import { decodeCardAction } from "../../adapters/feishu/card-action.ts";
import { renderFeishuCard } from "../../adapters/feishu/render-card.ts";
import { decodeAction } from "../../adapters/telegram/callback-data.ts";
import { renderTelegram } from "../../adapters/telegram/render-html.ts";
import type { BotReply, SubscriptionView } from "../../src/answering/reply-model.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";

const HOSTILE = "<b>R&D</b> **粗** [链接](https://evil.example) @all";

const VIEW: SubscriptionView = {
  id: 7,
  filterText: HOSTILE,
  description: `关键词「${HOSTILE}」`,
  created: "2026-11-22",
  status: "active",
  threadId: null,
};
const SETTINGS = {
  delivery: "digest" as const,
  digestHour: 8,
  quietStart: 1320,
  quietEnd: 420,
  silent: true,
  timeZone: "Asia/Shanghai",
};
const RECENT = [
  {
    label: `测复〔2025〕1号${HOSTILE}`,
    issuer: "某局",
    date: "2025-01-02",
    replyKind: "答复",
    proposalTitle: HOSTILE,
  },
];

const REPLIES: BotReply[] = [
  { kind: "subscribed", subscription: VIEW, created: true, recent: null },
  { kind: "subscribed", subscription: { ...VIEW, threadId: "77" }, created: false, recent: RECENT },
  {
    kind: "subscriptions",
    items: [VIEW, { ...VIEW, id: 8, status: "paused" }],
    settings: SETTINGS,
  },
  {
    kind: "subscriptions",
    items: [],
    settings: { ...SETTINGS, delivery: "instant", quietStart: null, quietEnd: null },
  },
  { kind: "unsubscribed", target: "7", removed: [VIEW] },
  { kind: "unsubscribed", target: "99", removed: [] },
  { kind: "settings", settings: SETTINGS, changed: "改为每天 8 点汇总提醒" },
  { kind: "refused", message: "抱歉，只有群主或管理员可以修改。" },
  {
    kind: "usage",
    problem: `看不懂“${HOSTILE}”`,
    forms: [{ example: "/settings digest 8", meaning: "每天 8 点" }],
  },
];

describe("subscription replies on every surface", () => {
  it("renders every kind as text, valid Telegram HTML and a strict Feishu card, hostile text as text", () => {
    for (const reply of REPLIES) {
      const text = renderText(reply);
      expect(text.length).toBeGreaterThan(0);
      for (const message of renderTelegram(reply, { botUsername: "Bot", chatType: "group" })) {
        const parsed = parseTelegramHtml(message.text);
        if (!parsed.ok) throw new Error(`${reply.kind}: ${parsed.error}`);
        if (reply.kind === "subscribed" || reply.kind === "usage")
          expect(parsed.text).toContain("<b>R&D</b>");
      }
      const card = readCard(renderFeishuCard(reply).content);
      expect(card.text.length).toBeGreaterThan(0);
    }
  });

  it("shows the settings and each subscription as understood", () => {
    const listed = renderText(REPLIES[2] as BotReply);
    expect(listed).toContain("#7 关键词");
    expect(listed).toContain("#8");
    expect(listed).toContain("已暂停");
    expect(listed).toContain("每日汇总（每天 08:00）");
    expect(listed).toContain("免打扰：22:00–07:00");
    expect(listed).toContain("静音发送：开");
    expect(renderText(REPLIES[3] as BotReply)).toContain("还没有订阅");
    expect(renderText(REPLIES[5] as BotReply)).toContain("没有找到编号为 99 的订阅");
    expect(renderText(REPLIES[1] as BotReply)).toContain("2025-01-02 测复〔2025〕1号");
  });

  it("offers the recent-matches button on a new subscription only, decoding to it", () => {
    const [tg] = renderTelegram(REPLIES[0] as BotReply, {
      botUsername: "Bot",
      chatType: "private",
    });
    const data = tg?.replyMarkup?.inline_keyboard.flat()[0];
    const callback = data && "callback_data" in data ? (data.callback_data ?? "") : "";
    expect(decodeAction(callback)).toMatchObject({ verb: "recent", subscriptionId: 7 });
    const [listed] = renderTelegram(REPLIES[1] as BotReply, {
      botUsername: "Bot",
      chatType: "private",
    });
    expect(listed?.replyMarkup).toBeUndefined();
    const card = readCard(renderFeishuCard(REPLIES[0] as BotReply).content);
    expect(card.buttons.map((b) => decodeCardAction(b.value))).toEqual([
      { verb: "recent", resultSetId: "", page: 1, item: 0, subscriptionId: 7 },
    ]);
    expect(readCard(renderFeishuCard(REPLIES[1] as BotReply).content).buttons).toEqual([]);
  });

  it("refuses a forged Feishu subscribe value with an over-long filter", () => {
    expect(decodeCardAction({ v: "u", r: "-", p: 1, i: 0, q: "养".repeat(101) })).toBeNull();
    expect(decodeCardAction({ v: "m", r: "-", p: 1, i: 0, n: -1 })).toBeNull();
    expect(decodeCardAction({ v: "u", r: "-", p: 1, i: 0, q: "养老" })).toMatchObject({
      verb: "subscribe",
      filterText: "养老",
    });
  });
});

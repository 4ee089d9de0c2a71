import { describe, expect, it } from "vitest";
import { renderAlertText } from "../../adapters/console/render-alert-text.ts";
import { renderFeishuAlertCards } from "../../adapters/feishu/render-alert-card.ts";
import { renderTelegramAlert } from "../../adapters/telegram/render-alert.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";
import { alertItem, alertMessage } from "./alert-fixtures.ts";

const single = alertMessage([alertItem()]);
const revisedDigest = alertMessage([
  alertItem({ source: "https://gov.example.cn/zwgk/2024/12.html" }),
  alertItem({
    replyId: 42,
    title: "关于改善农村供水的答复",
    revised: true,
    changes: ["办理结果：B类 → A类"],
  }),
]);

describe("alert renderers (snapshots: what an alert looks like)", () => {
  it("Telegram HTML and keyboard", () => {
    const messages = [...renderTelegramAlert(single), ...renderTelegramAlert(revisedDigest)];
    for (const m of messages) expect(parseTelegramHtml(m.text).ok).toBe(true);
    expect(messages).toMatchSnapshot();
  });

  it("Feishu card", () => {
    const cards = [...renderFeishuAlertCards(single), ...renderFeishuAlertCards(revisedDigest)];
    for (const { card } of cards) readCard(card.content);
    expect(cards.map(({ card }) => JSON.parse(card.content))).toMatchSnapshot();
  });

  it("console text", () => {
    expect(renderAlertText(single)).toMatchSnapshot();
    expect(renderAlertText(revisedDigest)).toMatchSnapshot();
  });
});

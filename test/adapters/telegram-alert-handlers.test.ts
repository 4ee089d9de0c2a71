import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { EMPTY_FILTER } from "../../src/alerts/subscription-filter.ts";
import {
  addSubscription,
  getSubscription,
  removeSubscription,
} from "../../src/storage/subscription.repository.ts";
import { alertItem, alertMessage, alertTarget } from "./alert-fixtures.ts";
import {
  ADMIN_GROUP,
  ALICE,
  answerTo,
  PRIVATE_CHAT,
  startTelegramHarness,
  type TelegramHarness,
  visibleText,
} from "./telegram-harness.ts";

const EVERYTHING = EMPTY_FILTER;

let h: TelegramHarness;
beforeAll(async () => {
  h = await startTelegramHarness();
});
afterAll(async () => {
  await h.close();
});

const subscribe = (chatId: string, keyword?: string) =>
  addSubscription(h.app.db, {
    platform: "telegram",
    chatId,
    threadId: null,
    filterText: keyword ?? "",
    filter: { ...EVERYTHING, keywords: keyword ? [keyword] : [] },
    createdBy: null,
  });

/** The bot's membership of a chat changes (Telegram's `my_chat_member`). */
function memberUpdate(chat: typeof ADMIN_GROUP, oldStatus: string, newStatus: string) {
  const member = (status: string) => ({ user: h.fake.bot, status }) as never;
  return h.fake.push({
    my_chat_member: {
      chat,
      from: ALICE,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: member(oldStatus),
      new_chat_member: member(newStatus),
    },
  });
}

/** Waits until `check` holds, asking again after each of the bot's API calls (at most 250 times). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe("telegram alert buttons and chat changes", () => {
  it("opens the reply's card in the chat when an alert's open button is pressed", async () => {
    const row = await h.app.db
      .selectFrom("reply")
      .select(["id"])
      .limit(1)
      .executeTakeFirstOrThrow();
    const sender = createTelegramAlertSender(h.adapter.bot.api);
    const item = alertItem({ replyId: row.id, source: "corpus/file.txt" });
    const outcome = await sender.send(alertTarget(String(PRIVATE_CHAT.id)), alertMessage([item]));
    expect(outcome.kind).toBe("sent");
    const messageId = Number(outcome.kind === "sent" ? outcome.messageId : 0);
    const queryId = h.fake.pressButton(PRIVATE_CHAT.id, messageId, `r:${row.id}`, ALICE);
    const card = await answerTo(h.fake, PRIVATE_CHAT.id, messageId);
    expect(visibleText(card)).toContain("提纲");
    const answered = await h.fake.waitForCall(
      (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === queryId,
    );
    expect(answered.ok).toBe(true);
  });

  it("stops subscriptions when the bot is kicked and reactivates them when it is added back, not unsubscribed ones", async () => {
    const chatId = String(ADMIN_GROUP.id);
    const kicked = await subscribe(chatId);
    const gone = await subscribe(chatId, "客运");
    await removeSubscription(h.app.db, "telegram", chatId, gone.id);
    memberUpdate(ADMIN_GROUP, "member", "kicked");
    const stopped = async () => (await getSubscription(h.app.db, kicked.id))?.status === "inactive";
    expect(await eventually(stopped)).toBe(true);
    expect((await getSubscription(h.app.db, kicked.id))?.statusReason).toBe("kicked");
    memberUpdate(ADMIN_GROUP, "kicked", "member");
    const active = async () => (await getSubscription(h.app.db, kicked.id))?.status === "active";
    expect(await eventually(active)).toBe(true);
    expect((await getSubscription(h.app.db, gone.id))?.status).toBe("inactive");
  });
});

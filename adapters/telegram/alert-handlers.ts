import type { Bot, Context } from "grammy";
import { deactivateChat } from "../../src/storage/alert-outbox.repository.ts";
import { reactivateChatSubscriptions } from "../alert-reactivation.ts";
import type { Delivery, SendTarget } from "./delivery.ts";
import { decodeOpenReply } from "./render-alert.ts";
import { renderTelegram } from "./render-html.ts";
import type { HandlerDeps } from "./telegram-handlers.ts";

const SORRY = "抱歉，处理消息时出了点问题，请稍后再试。";
/** Member statuses in which the bot may post again. */
const BACK = new Set(["member", "administrator", "creator"]);
/** Member statuses in which it may not: its subscriptions stop (on record) until it is back. */
const GONE = new Set(["left", "kicked"]);

/**
 * The alert side of the bot's updates: an alert's open button (`r:<id>`)
 * shows that reply's card and outline in the chat; the bot leaving a chat
 * (removed, or blocked by the user) stops the chat's subscriptions, and the
 * bot coming back (added again, unblocked) reactivates them. Install before the other
 * callback and chat-member handlers: both pass on what is not theirs.
 */
export function installAlertHandlers(bot: Bot, deps: HandlerDeps, delivery: Delivery): void {
  bot.on("my_chat_member", async (ctx, next) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const chatId = String(ctx.chat.id);
    const now = (deps.now ?? Date.now)();
    if (GONE.has(status)) {
      // In a private chat, "kicked" means the user blocked the bot.
      const reason = ctx.chat.type === "private" ? "blocked" : "kicked";
      await deactivateChat(deps.db, "telegram", chatId, reason, false, now);
    }
    if (BACK.has(status)) {
      const count = await reactivateChatSubscriptions(deps.db, "telegram", chatId, now);
      if (count > 0)
        deps.log.info("telegram subscriptions reactivated", { chatId: ctx.chat.id, count });
    }
    await next();
  });
  bot.on("callback_query:data", async (ctx, next) => {
    const replyId = decodeOpenReply(ctx.callbackQuery.data);
    if (replyId === null) return next();
    await openReply(ctx, replyId, deps, delivery);
  });
}

async function openReply(ctx: Context, replyId: number, deps: HandlerDeps, delivery: Delivery) {
  const msg = ctx.callbackQuery?.message;
  if (!msg) {
    await ctx.answerCallbackQuery();
    return;
  }
  try {
    const reply = await deps.answerer.outline(replyId);
    if (reply.kind === "error") {
      await ctx.answerCallbackQuery({ text: reply.message.slice(0, 190), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const target: SendTarget = {
      chatId: msg.chat.id,
      replyTo: msg.message_id,
      ...("is_topic_message" in msg && msg.is_topic_message && msg.message_thread_id
        ? { threadId: msg.message_thread_id }
        : {}),
    };
    const chatType = msg.chat.type === "private" ? "private" : "group";
    await delivery.send(target, renderTelegram(reply, { botUsername: ctx.me.username, chatType }));
  } catch (error) {
    deps.log.error("telegram alert button failed", { error, chatId: msg.chat.id });
    await ctx.answerCallbackQuery({ text: SORRY, show_alert: true }).catch(() => undefined);
  }
}

import type { Bot, Context } from "grammy";
import { reactivateChatSubscriptions } from "../alert-reactivation.ts";
import type { Delivery, SendTarget } from "./delivery.ts";
import { decodeOpenReply } from "./render-alert.ts";
import { renderTelegram } from "./render-html.ts";
import type { HandlerDeps } from "./telegram-handlers.ts";

const SORRY = "抱歉，处理消息时出了点问题，请稍后再试。";
/** Member statuses in which the bot may post again. */
const BACK = new Set(["member", "administrator", "creator"]);

/**
 * The alert side of the bot's updates: an alert's open button (`r:<id>`)
 * shows that reply's card and outline in the chat, and the bot coming back
 * to a chat (added again, unblocked, given the right to post) reactivates
 * the chat's subscriptions stopped for that. Install before the other
 * callback and chat-member handlers: both pass on what is not theirs.
 */
export function installAlertHandlers(bot: Bot, deps: HandlerDeps, delivery: Delivery): void {
  bot.on("my_chat_member", async (ctx, next) => {
    if (BACK.has(ctx.myChatMember.new_chat_member.status)) {
      const count = await reactivateChatSubscriptions(
        deps.db,
        "telegram",
        String(ctx.chat.id),
        (deps.now ?? Date.now)(),
      );
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

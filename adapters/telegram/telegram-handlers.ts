import type { Bot, Context } from "grammy";
import type { Message } from "grammy/types";
import type { Answerer } from "../../src/answering/answerer.ts";
import type { Conversation } from "../../src/answering/conversation.ts";
import type { MessageContext } from "../../src/answering/incoming-message.ts";
import type { Logger } from "../../src/logger.ts";
import type { Database } from "../../src/storage/database.ts";
import {
  claimUpdate,
  finishUpdate,
  UPDATE_LEASE_MS,
} from "../../src/storage/update-dedupe.repository.ts";
import { installAlertHandlers } from "./alert-handlers.ts";
import { decodeAction } from "./callback-data.ts";
import { type ChatAdmins, canManageCheck, createChatAdmins } from "./chat-admins.ts";
import {
  createDelivery,
  type Delivery,
  type NetworkRetry,
  recordChatChange,
  type SendTarget,
} from "./delivery.ts";
import { inlineResults } from "./inline-results.ts";
import { toIncomingMessage } from "./message-context.ts";
import { renderTelegram } from "./render-html.ts";

/** What the handlers work with. */
export interface HandlerDeps {
  readonly conversation: Conversation;
  readonly answerer: Answerer;
  readonly db: Database;
  readonly log: Logger;
  readonly networkRetry?: NetworkRetry;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}
const SORRY = "抱歉，处理消息时出了点问题，请稍后再试。";
const EXPIRED = "这组结果已过期（保留 48 小时），请重新提问。";

/**
 * Installs dafu's update handlers: duplicates dropped first (update ids kept
 * in SQLite, marked done once handled; a claim left unfinished by a crash
 * lapses after {@link UPDATE_LEASE_MS}), then messages, button presses,
 * inline queries and chat changes. A failing handler answers politely and
 * never stops the bot.
 */
export function installHandlers(bot: Bot, deps: HandlerDeps): void {
  const { db, log } = deps;
  const now = deps.now ?? Date.now;
  const delivery = createDelivery(bot.api, db, log, deps.networkRetry);
  const admins = createChatAdmins(bot.api);
  bot.use(async (ctx, next) => {
    const id = String(ctx.update.update_id);
    if (!(await claimUpdate(db, "telegram", id, now(), UPDATE_LEASE_MS))) {
      log.debug("duplicate telegram update dropped", { updateId: ctx.update.update_id });
      return;
    }
    try {
      await next();
    } finally {
      await finishUpdate(db, "telegram", id, now());
    }
  });
  installAlertHandlers(bot, deps, delivery);
  bot.on("message:migrate_to_chat_id", (ctx) =>
    recordChatChange(db, { kind: "migrated", from: ctx.chat.id, to: ctx.msg.migrate_to_chat_id }),
  );
  bot.on("my_chat_member", (ctx) =>
    recordChatChange(db, {
      kind: "member",
      chatId: ctx.chat.id,
      status: ctx.myChatMember.new_chat_member.status,
    }),
  );
  bot.on(["message:text", "message:caption"], (ctx) =>
    onMessage(ctx, ctx.msg, { ...deps, admins }, delivery),
  );
  bot.on("callback_query:data", (ctx) =>
    onButton(ctx, ctx.callbackQuery.data, { ...deps, admins }, delivery),
  );
  bot.on("inline_query", async (ctx) => {
    const results = await inlineResults(deps.answerer, ctx.inlineQuery.query);
    // Nothing to share: offer a private chat with the bot instead.
    const button =
      results.length === 0 ? { text: "在私聊中提问", start_parameter: "help" } : undefined;
    await ctx.answerInlineQuery(results, {
      cache_time: 60,
      is_personal: false,
      ...(button ? { button } : {}),
    });
  });
  bot.catch((error) => log.error("telegram handler failed", { error: error.error }));
}

function targetOf(msg: Message): SendTarget {
  return {
    chatId: msg.chat.id,
    replyTo: msg.message_id,
    ...(msg.is_topic_message && msg.message_thread_id ? { threadId: msg.message_thread_id } : {}),
  };
}

/** The handlers' dependencies with the group admin cache. */
type Deps = HandlerDeps & { readonly admins: ChatAdmins };

async function onMessage(ctx: Context, msg: Message, deps: Deps, delivery: Delivery) {
  const read = toIncomingMessage(msg, ctx.me);
  if (!read?.context) return;
  const canManage = canManageCheck(deps.admins, msg.chat, msg.from, msg.sender_chat);
  const incoming = { ...read, context: { ...read.context, canManage } };
  try {
    const turn = await deps.conversation.handle(incoming);
    if (!turn) return;
    const messages = renderTelegram(turn.reply, {
      botUsername: ctx.me.username,
      chatType: incoming.context?.chatType ?? "private",
      resultSetId: turn.resultSetId,
    });
    const sent = await delivery.send(targetOf(msg), messages);
    const withButtons = sent.find((m) => m.reply_markup);
    if (turn.resultSetId && withButtons)
      await deps.conversation.shown(turn.resultSetId, String(withButtons.message_id));
  } catch (error) {
    deps.log.error("telegram message failed", { error, chatId: msg.chat.id });
    await delivery.send(targetOf(msg), [{ text: SORRY }]).catch(() => undefined);
  }
}

async function onButton(ctx: Context, data: string, deps: Deps, delivery: Delivery) {
  const action = decodeAction(data);
  const msg = ctx.callbackQuery?.message;
  if (!action || !msg) {
    await ctx.answerCallbackQuery({ text: EXPIRED, show_alert: true });
    return;
  }
  try {
    const chat = { platform: "telegram", chatId: String(msg.chat.id) };
    const context = presserContext(msg, ctx.callbackQuery?.from, deps.admins);
    const outcome = await deps.conversation.act({ ...action, chat, context });
    if (outcome.kind === "expired") {
      await ctx.answerCallbackQuery({ text: EXPIRED, show_alert: true });
      return;
    }
    // Not allowed (a group member who is not an admin): said to the presser only.
    if (outcome.reply.kind === "refused") {
      await ctx.answerCallbackQuery({ text: outcome.reply.message, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const render = (resultSetId: string | null) =>
      renderTelegram(outcome.reply, {
        botUsername: ctx.me.username,
        chatType: msg.chat.type === "private" ? "private" : "group",
        resultSetId,
      });
    const target: SendTarget = {
      chatId: msg.chat.id,
      replyTo: msg.message_id,
      ...("is_topic_message" in msg && msg.is_topic_message && msg.message_thread_id
        ? { threadId: msg.message_thread_id }
        : {}),
    };
    const [first] = render(outcome.resultSetId);
    if (
      outcome.edit &&
      first &&
      (await delivery.edit(msg.chat.id, msg.message_id, first)) !== "gone"
    )
      return;
    await delivery.send(target, render(outcome.resultSetId));
  } catch (error) {
    deps.log.error("telegram button failed", { error, chatId: msg.chat.id });
    await ctx.answerCallbackQuery({ text: SORRY, show_alert: true }).catch(() => undefined);
  }
}

/** Who pressed a button, and where: a subscribe button subscribes that chat (and topic), if allowed. */
function presserContext(
  msg: NonNullable<NonNullable<Context["callbackQuery"]>["message"]>,
  from: { id: number; username?: string } | undefined,
  admins: ChatAdmins,
): MessageContext {
  const topic =
    "is_topic_message" in msg && msg.is_topic_message ? msg.message_thread_id : undefined;
  return {
    platform: "telegram",
    chatId: String(msg.chat.id),
    chatType: msg.chat.type === "private" ? "private" : "group",
    senderId: from ? String(from.id) : null,
    senderName: from?.username ?? null,
    threadId: topic ? String(topic) : null,
    addressed: true,
    replyTo: null,
    canManage: canManageCheck(admins, msg.chat, from),
  };
}

import * as lark from "@larksuiteoapi/node-sdk";
import type { Answerer } from "../../src/answering/answerer.ts";
import type { Conversation } from "../../src/answering/conversation.ts";
import type { BotReply } from "../../src/answering/reply-model.ts";
import type { Logger } from "../../src/logger.ts";
import { setChatStatus } from "../../src/storage/chat-status.repository.ts";
import type { Database } from "../../src/storage/database.ts";
import {
  claimUpdate,
  finishUpdate,
  pruneHandledUpdates,
  UPDATE_LEASE_MS,
} from "../../src/storage/update-dedupe.repository.ts";
import { botAddedAgain, botLeft, openReplyFromCard } from "./alert-actions.ts";
import { decodeCardAction } from "./card-action.ts";
import { type ChatManagers, presserContext, withManagers } from "./chat-managers.ts";
import type { ChatQueue } from "./chat-queue.ts";
import { type Delivery, sendUuid, type Target } from "./delivery.ts";
import { type ReceiveEvent, readMessage } from "./message-context.ts";
import { decodeOpenReplyValue } from "./render-alert-card.ts";
import { renderFeishuCard } from "./render-card.ts";
import { plainPost, renderFeishuPost } from "./render-post.ts";
import { larkLogger } from "./sdk-logger.ts";

/** What the handlers work with. */
export interface HandlerDeps {
  readonly conversation: Conversation;
  readonly answerer: Answerer;
  readonly db: Database;
  readonly log: Logger;
  readonly delivery: Delivery;
  readonly queue: ChatQueue;
  readonly botOpenId: () => Promise<string>;
  /** Group owners and managers (who may change subscriptions); absent: nobody in a group may. */
  readonly managers?: ChatManagers;
  /** The clock (tests). */
  readonly now?: () => number;
}

const SORRY = "抱歉，处理消息时出了点问题，请稍后再试。";
const EXPIRED = "这组结果已过期（保留 48 小时），请重新提问。";
const NOT_HERE = "这组结果已过期，或不属于本会话，请在这里重新提问。";
const TEXT_ONLY = "请发送文字消息：直接提问，或发送 /help 查看用法。";
const GREETING = "大家好！在群里 @我 并提问，我会从答复文件里找出处。";
/** Handled ids are pruned once per this many events. */
const PRUNE_EVERY = 1000;

type CardActionEvent = {
  event_id?: string;
  operator?: { open_id?: string };
  action?: { value?: unknown };
  context?: { open_message_id?: string; open_chat_id?: string };
};

/**
 * The SDK's EventDispatcher with dafu's handlers: messages (de-duplicated on
 * `message_id` in SQLite, queued per chat, acknowledged at once), card button
 * presses (answered with the updated card within Feishu's 3 s), and the
 * bot's membership of groups (a greeting card when added; recorded when
 * removed or the group is disbanded).
 */
export function createDispatcher(deps: HandlerDeps): lark.EventDispatcher {
  const dispatcher = new lark.EventDispatcher({
    logger: larkLogger(deps.log),
    loggerLevel: lark.LoggerLevel.warn,
  });
  const now = deps.now ?? Date.now;
  let claimed = 0;
  // A claim is finished once handled; one left by a crash lapses after UPDATE_LEASE_MS.
  const claim = async (kind: string, id: string) => {
    if (++claimed % PRUNE_EVERY === 0) await pruneHandledUpdates(deps.db, now());
    return claimUpdate(deps.db, kind, id, now(), UPDATE_LEASE_MS);
  };
  const finishing = (kind: string, id: string, work: () => Promise<void>) => async () => {
    try {
      await work();
    } finally {
      await finishUpdate(deps.db, kind, id, now());
    }
  };
  dispatcher.register({
    "im.message.receive_v1": async (data: ReceiveEvent) => {
      const { message } = data;
      if (!(await claim("feishu", message.message_id))) {
        deps.log.debug("duplicate feishu message dropped", { messageId: message.message_id });
        return;
      }
      const work = () => onMessage(data, deps);
      deps.queue.push(message.chat_id, finishing("feishu", message.message_id, work));
    },
    "im.chat.member.bot.added_v1": async (data: { chat_id?: string; event_id?: string }) => {
      const chatId = data.chat_id;
      const eventId = data.event_id ?? `added:${chatId}`;
      if (!chatId || !(await claim("feishu-event", eventId))) return;
      await setChatStatus(deps.db, "feishu", chatId, "active", "bot added");
      await botAddedAgain(deps, chatId);
      const work = () => greet(chatId, data.event_id ?? "", deps);
      deps.queue.push(chatId, finishing("feishu-event", eventId, work));
    },
    "im.chat.member.bot.deleted_v1": async (data: { chat_id?: string }) => {
      if (!data.chat_id) return;
      await setChatStatus(deps.db, "feishu", data.chat_id, "kicked", "bot removed");
      await botLeft(deps, data.chat_id, "bot_removed");
    },
    "im.chat.disbanded_v1": async (data: { chat_id?: string }) => {
      if (!data.chat_id) return;
      await setChatStatus(deps.db, "feishu", data.chat_id, "gone", "disbanded");
      await botLeft(deps, data.chat_id, "disbanded");
    },
  });
  // Not in the SDK's typed handles: registered by name.
  dispatcher.register<{ "card.action.trigger": (data: CardActionEvent) => Promise<unknown> }>({
    "card.action.trigger": (data) => onCardAction(data, deps),
  });
  return dispatcher;
}

async function onMessage(data: ReceiveEvent, deps: HandlerDeps): Promise<void> {
  const { message } = data;
  const target: Target = { chatId: message.chat_id, replyTo: message.message_id };
  const uuid = (kind: string) => sendUuid("reply", message.message_id, kind);
  try {
    const read = readMessage(data, await deps.botOpenId());
    if (read.kind === "ignore") return;
    if (read.kind === "unsupported") {
      const card = renderFeishuCard({ kind: "error", code: "TEXT_ONLY", message: TEXT_ONLY });
      await deps.delivery.send(target, card, plainPost(TEXT_ONLY), uuid("text-only"));
      return;
    }
    const turn = await deps.conversation.handle(withManagers(read.incoming, deps.managers));
    if (!turn) return;
    const chatType = read.incoming.context?.chatType ?? "private";
    const card = renderFeishuCard(turn.reply, { resultSetId: turn.resultSetId, chatType });
    const sent = await deps.delivery.send(
      target,
      card,
      renderFeishuPost(turn.reply),
      uuid("answer"),
    );
    if (turn.resultSetId && sent) await deps.conversation.shown(turn.resultSetId, sent);
  } catch (error) {
    deps.log.error("feishu message failed", { error, chatId: message.chat_id });
    const sorry = renderFeishuCard({ kind: "error", code: "FAILED", message: SORRY });
    await deps.delivery.send(target, sorry, plainPost(SORRY), uuid("sorry")).catch(() => undefined);
  }
}

async function greet(chatId: string, eventId: string, deps: HandlerDeps): Promise<void> {
  const help = await deps.answerer.answer({ text: "/help" });
  const reply: BotReply = help.kind === "help" ? { ...help, intro: GREETING } : help;
  const card = renderFeishuCard(reply, { chatType: "group" });
  await deps.delivery.send(
    { chatId },
    card,
    renderFeishuPost(reply),
    sendUuid("greet", chatId, eventId),
  );
}

function toast(type: "info" | "error", content: string) {
  return { toast: { type, content } };
}

async function onCardAction(data: CardActionEvent, deps: HandlerDeps): Promise<unknown> {
  const openReply = decodeOpenReplyValue(data.action?.value);
  if (openReply !== null) return openReplyFromCard(data, openReply, deps);
  const action = decodeCardAction(data.action?.value);
  const messageId = data.context?.open_message_id;
  const chatId = data.context?.open_chat_id;
  if (!action || !messageId || !chatId) return toast("error", EXPIRED);
  try {
    // A result set answers only presses from the chat it was asked in.
    const chat = { platform: "feishu", chatId };
    const context = presserContext(chatId, data.operator?.open_id ?? null, deps.managers);
    const outcome = await deps.conversation.act({ ...action, chat, context });
    if (outcome.kind === "expired") return toast("error", NOT_HERE);
    if (outcome.reply.kind === "refused") return toast("error", outcome.reply.message);
    const card = renderFeishuCard(outcome.reply, {
      resultSetId: outcome.resultSetId,
      chatType: "group",
    });
    if (outcome.edit) {
      if (outcome.resultSetId) await deps.conversation.shown(outcome.resultSetId, messageId);
      return { card: { type: "raw", data: JSON.parse(card.content) } };
    }
    // A new message (a full section): sent after the callback is answered, in the chat's order.
    const uuid = sendUuid(
      "action",
      data.event_id ?? "",
      messageId,
      JSON.stringify(data.action?.value),
    );
    deps.queue.push(chatId, async () => {
      await deps.delivery.send(
        { chatId, replyTo: messageId },
        card,
        renderFeishuPost(outcome.reply),
        uuid,
      );
    });
    return toast("info", outcome.reply.kind === "subscribed" ? "已订阅" : "已发送");
  } catch (error) {
    deps.log.error("feishu button failed", { error, chatId });
    return toast("error", SORRY);
  }
}

import type { Logger } from "../../src/logger.ts";
import { deactivateChat } from "../../src/storage/alert-outbox.repository.ts";
import { reactivateChatSubscriptions } from "../alert-reactivation.ts";
import { sendUuid } from "./delivery.ts";
import type { HandlerDeps } from "./feishu-handlers.ts";
import { renderFeishuCard } from "./render-card.ts";
import { renderFeishuPost } from "./render-post.ts";

const SORRY = "抱歉，处理消息时出了点问题，请稍后再试。";

/** The part of a `card.action.trigger` event an alert button reads. */
export interface OpenReplyPress {
  readonly event_id?: string;
  readonly context?: { open_message_id?: string; open_chat_id?: string };
}

/**
 * An alert's 打开答复 button (no page address): posts the reply's card and
 * outline in the chat, as a reply to the alert, after the callback is
 * answered (in the chat's order). Answers with a toast within Feishu's 3 s.
 */
export async function openReplyFromCard(
  data: OpenReplyPress,
  replyId: number,
  deps: HandlerDeps,
): Promise<unknown> {
  const messageId = data.context?.open_message_id;
  const chatId = data.context?.open_chat_id;
  if (!messageId || !chatId) return { toast: { type: "error", content: SORRY } };
  try {
    const reply = await deps.answerer.outline(replyId);
    if (reply.kind === "error") return { toast: { type: "error", content: reply.message } };
    const uuid = sendUuid("alert-open", data.event_id ?? "", messageId, String(replyId));
    deps.queue.push(chatId, async () => {
      await deps.delivery.send(
        { chatId, replyTo: messageId },
        renderFeishuCard(reply, { chatType: "group" }),
        renderFeishuPost(reply),
        uuid,
      );
    });
    return { toast: { type: "info", content: "已发送" } };
  } catch (error) {
    deps.log.error("feishu alert button failed", { error, chatId });
    return { toast: { type: "error", content: SORRY } };
  }
}

/** The bot was added to a chat again: its paused subscriptions (and held alerts) go on. */
export async function botAddedAgain(
  deps: { readonly db: HandlerDeps["db"]; readonly log: Logger; readonly now?: () => number },
  chatId: string,
): Promise<void> {
  const count = await reactivateChatSubscriptions(
    deps.db,
    "feishu",
    chatId,
    (deps.now ?? Date.now)(),
  );
  if (count > 0) deps.log.info("feishu subscriptions reactivated", { chatId, count });
}

/**
 * The bot was removed from a chat (its subscriptions pause until it is added
 * again, pending alerts held) or the chat was disbanded (they stop, pending
 * alerts failed on record), without waiting for a send to fail.
 */
export async function botLeft(
  deps: { readonly db: HandlerDeps["db"]; readonly log: Logger; readonly now?: () => number },
  chatId: string,
  reason: "bot_removed" | "disbanded",
): Promise<void> {
  const pause = reason === "bot_removed";
  await deactivateChat(deps.db, "feishu", chatId, reason, pause, (deps.now ?? Date.now)());
  deps.log.info("feishu subscriptions stopped", { chatId, reason });
}

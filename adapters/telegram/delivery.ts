import { type Api, GrammyError, HttpError } from "grammy";
import type { Message } from "grammy/types";
import type { Logger } from "../../src/logger.ts";
import { setChatStatus } from "../../src/storage/chat-status.repository.ts";
import type { Database } from "../../src/storage/database.ts";
import { moveResultSets } from "../../src/storage/result-set.repository.ts";
import type { TelegramMessage } from "./render-html.ts";

/** Where and how to send. */
export interface SendTarget {
  readonly chatId: number;
  /** Forum topic to stay in (only for topic messages; never the General topic). */
  readonly threadId?: number;
  /** The question being answered; the first message replies to it. */
  readonly replyTo?: number;
}

/** Outcome of an edit. */
export type EditOutcome = "edited" | "unchanged" | "gone";

/** Sends and edits messages, handling Telegram's delivery errors. */
export interface Delivery {
  /** Sends messages in order; returns those sent (none when the bot may no longer post there). */
  send(target: SendTarget, messages: readonly TelegramMessage[]): Promise<Message.TextMessage[]>;
  /** Replaces a message's text and keyboard; "message is not modified" counts as success. */
  edit(chatId: number, messageId: number, message: TelegramMessage): Promise<EditOutcome>;
}

/** How delivery retries a call that failed on the network (no answer from the Bot API). */
export interface NetworkRetry {
  /** Tries in all, the first included. Default 3. */
  readonly tries?: number;
  /** Wait before the first retry, in ms; doubled each time. Default 1000. */
  readonly delayMs?: number;
}

/** A 403 saying the user blocked the bot (or is gone); the alert sender reads it too. */
export const BLOCKED = /blocked by the user|user is deactivated/i;
/** A 403 saying the bot is out of the group or may not post there; the alert sender reads it too. */
export const KICKED = /kicked from|not a member|bot was removed|have no rights to send/i;

/**
 * Runs a Bot API call, retrying a network failure ({@link HttpError}) a few
 * times with a doubling back-off, then giving up: during an outage an answer
 * fails in seconds instead of waiting for the network (and holding shutdown).
 */
export async function withNetworkRetry<T>(
  call: () => Promise<T>,
  retry: NetworkRetry = {},
): Promise<T> {
  const tries = Math.max(1, retry.tries ?? 3);
  let delay = retry.delayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof HttpError) || attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

/**
 * Creates the delivery over the bot's API (auto-retry handles 429 and 5xx
 * there; network failures are retried here, bounded). A blocked or kicked bot
 * is recorded for alerts; a group that became a supergroup moves to its new
 * id and the message is sent there once.
 */
export function createDelivery(
  api: Api,
  db: Database,
  log: Logger,
  retry: NetworkRetry = {},
): Delivery {
  async function sendOne(
    target: SendTarget,
    message: TelegramMessage,
    replyTo: number | undefined,
  ): Promise<Message.TextMessage> {
    return withNetworkRetry(
      () =>
        api.sendMessage(target.chatId, message.text, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(target.threadId ? { message_thread_id: target.threadId } : {}),
          ...(replyTo
            ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
            : {}),
          ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
        }),
      retry,
    );
  }

  async function sendRecovering(
    target: SendTarget,
    message: TelegramMessage,
    replyTo: number | undefined,
  ): Promise<{ sent: Message.TextMessage | null; target: SendTarget }> {
    try {
      return { sent: await sendOne(target, message, replyTo), target };
    } catch (error) {
      if (!(error instanceof GrammyError)) throw error;
      const migratedTo = error.parameters.migrate_to_chat_id;
      if (migratedTo !== undefined) {
        await chatMigrated(target.chatId, migratedTo);
        const moved = { ...target, chatId: migratedTo };
        return { sent: await sendOne(moved, message, undefined), target: moved };
      }
      if (/message thread not found/i.test(error.description) && target.threadId) {
        const general = {
          chatId: target.chatId,
          ...(target.replyTo ? { replyTo: target.replyTo } : {}),
        };
        return { sent: await sendOne(general, message, replyTo), target: general };
      }
      if (await recordUnreachable(target.chatId, error)) return { sent: null, target };
      throw error;
    }
  }

  async function recordUnreachable(chatId: number, error: GrammyError): Promise<boolean> {
    const status =
      error.error_code === 403 && BLOCKED.test(error.description)
        ? "blocked"
        : error.error_code === 403 && KICKED.test(error.description)
          ? "kicked"
          : /chat not found/i.test(error.description)
            ? "gone"
            : null;
    if (!status) return false;
    await setChatStatus(db, "telegram", String(chatId), status, error.description);
    log.warn("telegram chat unreachable", { chatId, status });
    return true;
  }

  async function chatMigrated(from: number, to: number): Promise<void> {
    await setChatStatus(db, "telegram", String(from), "migrated", String(to));
    await moveResultSets(db, "telegram", String(from), String(to));
    log.info("telegram group migrated to a supergroup", { from, to });
  }

  return {
    async send(target, messages) {
      const sent: Message.TextMessage[] = [];
      let current = target;
      for (const [i, message] of messages.entries()) {
        const result = await sendRecovering(current, message, i === 0 ? target.replyTo : undefined);
        if (!result.sent) break;
        sent.push(result.sent);
        current = result.target;
      }
      return sent;
    },
    async edit(chatId, messageId, message) {
      try {
        await withNetworkRetry(
          () =>
            api.editMessageText(chatId, messageId, message.text, {
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
              ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
            }),
          retry,
        );
        return "edited";
      } catch (error) {
        if (!(error instanceof GrammyError)) throw error;
        if (/message is not modified/i.test(error.description)) return "unchanged";
        if (/message to edit not found|can't be edited/i.test(error.description)) return "gone";
        throw error;
      }
    },
  };
}

/** Records what a chat-member or migration service update says about a chat. */
export async function recordChatChange(
  db: Database,
  change:
    | { kind: "member"; chatId: number; status: string }
    | { kind: "migrated"; from: number; to: number },
): Promise<void> {
  if (change.kind === "migrated") {
    await setChatStatus(db, "telegram", String(change.from), "migrated", String(change.to));
    await moveResultSets(db, "telegram", String(change.from), String(change.to));
    return;
  }
  const gone = change.status === "kicked" || change.status === "left";
  await setChatStatus(
    db,
    "telegram",
    String(change.chatId),
    gone ? "kicked" : "active",
    change.status,
  );
}

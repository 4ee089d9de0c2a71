import { Api, GrammyError, HttpError } from "grammy";
import type { AlertSender, AlertTarget, SendOutcome } from "../../src/alerts/alert-types.ts";
import type { RateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { Logger } from "../../src/logger.ts";
import { renderTelegramAlert } from "./render-alert.ts";
import type { TelegramMessage } from "./render-html.ts";

/** Options for {@link createTelegramAlertSender}. */
export interface TelegramAlertSenderOptions {
  /** Where failures are logged (never message text). Default: nowhere. */
  readonly log?: Logger;
  /**
   * Use the given Api as it is. Default false: a bare Api on the same token
   * and API root, without the bot's transformers, so auto-retry never sleeps
   * through a 429 that should pause the whole alert queue.
   */
  readonly useGivenApi?: boolean;
  /**
   * Paces the second and later messages of a split digest at alert priority
   * (the dispatcher paces the first, once per `send`). Default: not paced.
   */
  readonly pacer?: RateLimiter;
}

const BLOCKED = /blocked by the user|user is deactivated/i;
/** Split alerts whose confirmed parts are remembered for a retry. */
const MAX_REMEMBERED = 10_000;
/** Telegram refused a URL button's address. */
const BAD_URL = /BUTTON_URL_INVALID|wrong http url|url host is empty|unsupported url protocol/i;
const KICKED = /kicked from|not a member|bot was removed|have no rights to send|not enough rights/i;

/**
 * Sends alerts to Telegram chats as HTML messages (see
 * {@link renderTelegramAlert}): into the subscription's forum topic, without a
 * sound when silent. Errors become a {@link SendOutcome}: 429 → rate_limited
 * (retry_after), blocked / kicked / chat not found → undeliverable, a group
 * upgraded to a supergroup → migrated, a deactivated group → undeliverable
 * (disbanded), another 400 (this message refused) → rejected, network and
 * 5xx → transient. A digest of several messages resumes, on a retry in the
 * same process, after the parts already confirmed.
 */
export function createTelegramAlertSender(
  api: Api,
  options: TelegramAlertSenderOptions = {},
): AlertSender {
  const bare = options.useGivenApi ? api : new Api(api.token, api.options);
  // Parts of a multi-message alert already confirmed, by target key (a retry skips them).
  const confirmedParts = new Map<string, { count: number; messageId: string }>();

  async function sendPart(target: AlertTarget, part: TelegramMessage, thread: boolean) {
    const threadId = thread && target.threadId ? Number(target.threadId) : 0;
    // Numeric ids as numbers (a channel's @name stays a string).
    const chatId = /^-?\d+$/.test(target.chatId) ? Number(target.chatId) : target.chatId;
    return bare.sendMessage(chatId, part.text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(threadId > 1 ? { message_thread_id: threadId } : {}),
      ...(target.silent ? { disable_notification: true } : {}),
      ...(part.replyMarkup ? { reply_markup: part.replyMarkup } : {}),
    });
  }

  async function sendWithTopicFallback(target: AlertTarget, part: TelegramMessage) {
    try {
      return await sendPart(target, part, true);
    } catch (error) {
      // A deleted topic: deliver to the group's General topic rather than not at all.
      if (!(error instanceof GrammyError) || !target.threadId) throw error;
      if (!/message thread not found|TOPIC_DELETED|TOPIC_CLOSED/i.test(error.description))
        throw error;
      options.log?.warn("telegram alert topic gone; sent to General", { chatId: target.chatId });
      return sendPart(target, part, false);
    }
  }

  return {
    platform: "telegram",
    async send(target, message) {
      const parts = renderTelegramAlert(message);
      // The same parts with callback buttons only, for a page address Telegram refuses.
      const plain = () => renderTelegramAlert(message, { urlButtons: false });
      const done = confirmedParts.get(target.key) ?? { count: 0, messageId: "" };
      try {
        for (const [i, part] of parts.slice(done.count).entries()) {
          if (i > 0) await options.pacer?.acquire(target.chatId, "alert");
          const sent = await sendWithTopicFallback(target, part).catch((error: unknown) => {
            if (!(error instanceof GrammyError && BAD_URL.test(error.description))) throw error;
            return sendWithTopicFallback(target, plain()[done.count] ?? part);
          });
          done.count += 1;
          done.messageId ||= String(sent.message_id);
          confirmedParts.set(target.key, done);
          // Bounded: the oldest entries (alerts never retried here) go first.
          if (confirmedParts.size > MAX_REMEMBERED)
            confirmedParts.delete(confirmedParts.keys().next().value as string);
        }
        confirmedParts.delete(target.key);
        return { kind: "sent", messageId: done.messageId };
      } catch (error) {
        const outcome = telegramOutcome(error);
        if (!["rate_limited", "transient", "rejected"].includes(outcome.kind))
          confirmedParts.delete(target.key);
        options.log?.warn("telegram alert not sent", {
          chatId: target.chatId,
          outcome: outcome.kind,
        });
        return outcome;
      }
    },
  };
}

/** Maps an error from a Bot API call to what the dispatcher does next. */
export function telegramOutcome(error: unknown): SendOutcome {
  if (error instanceof HttpError) return { kind: "transient", error: error.message };
  if (!(error instanceof GrammyError))
    return { kind: "transient", error: error instanceof Error ? error.message : String(error) };
  const { error_code: code, description, parameters } = error;
  if (code === 429)
    return { kind: "rate_limited", retryAfterMs: Math.max(1, parameters.retry_after ?? 1) * 1000 };
  if (parameters.migrate_to_chat_id !== undefined)
    return { kind: "migrated", newChatId: String(parameters.migrate_to_chat_id) };
  const undeliverable = (reason: "blocked" | "kicked" | "chat_not_found", pause = false) =>
    ({ kind: "undeliverable", reason, pause, detail: description }) as const;
  if (code === 403 && BLOCKED.test(description)) return undeliverable("blocked");
  if (/not enough rights|have no rights to send/i.test(description))
    return undeliverable("kicked", true);
  if (code === 403 && KICKED.test(description)) return undeliverable("kicked");
  if (/chat not found|chat_not_found|PEER_ID_INVALID/i.test(description))
    return undeliverable("chat_not_found");
  if (/group chat was deactivated|chat was deleted/i.test(description))
    return { kind: "undeliverable", reason: "disbanded", pause: false, detail: description };
  if (code === 403) return undeliverable("kicked");
  // Any other 400 refuses this message (bad HTML, too long, a bad button): retries are bounded.
  if (code === 400) return { kind: "rejected", error: `${code}: ${description}` };
  return { kind: "transient", error: `${code}: ${description}` };
}

import { createHash } from "node:crypto";
import { Api, GrammyError, HttpError } from "grammy";
import type {
  AlertMessage,
  AlertSender,
  AlertTarget,
  SendOutcome,
  SendProgress,
  SendProgressStore,
} from "../../src/alerts/alert-types.ts";
import type { RateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { Logger } from "../../src/logger.ts";
import { BLOCKED, KICKED } from "./delivery.ts";
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
  /**
   * Where the confirmed parts of a split digest are kept, so that a retry,
   * even after a restart, resumes after them. Default: this process's memory
   * (a restart then sends such a digest whole again).
   */
  readonly progress?: SendProgressStore;
}

/** Split alerts whose confirmed parts are remembered in memory (without a store). */
const MAX_REMEMBERED = 10_000;
/** Telegram refused a URL button's address. */
const BAD_URL = /BUTTON_URL_INVALID|wrong http url|url host is empty|unsupported url protocol/i;

/**
 * Sends alerts to Telegram chats as HTML messages (see
 * {@link renderTelegramAlert}): into the subscription's forum topic, without a
 * sound when silent. Errors become a {@link SendOutcome}: 429 → rate_limited
 * (retry_after), blocked / kicked / chat not found → undeliverable, a group
 * upgraded to a supergroup → migrated, a deactivated group → undeliverable
 * (disbanded), another 400 (this message refused) → rejected, network and
 * 5xx → transient. A digest of several messages records each part once
 * Telegram confirmed it (`progress`), and a retry resumes after the parts
 * confirmed (when it renders the same parts; otherwise it is sent whole
 * again, see `progressKey`); a retry of a digest wholly confirmed sends
 * nothing and reports it sent. Its progress is forgotten when the chat is gone or moved, and
 * otherwise kept until pruned (a few days).
 */
export function createTelegramAlertSender(
  api: Api,
  options: TelegramAlertSenderOptions = {},
): AlertSender {
  const bare = options.useGivenApi ? api : new Api(api.token, api.options);
  const progress = options.progress ?? memoryProgressStore();
  const { log } = options;

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
      log?.warn("telegram alert topic gone; sent to General", { chatId: target.chatId });
      return sendPart(target, part, false);
    }
  }

  /** Sends one part; a page address Telegram refuses goes again with callback buttons only (`plain`). */
  const sendOne = (target: AlertTarget, part: TelegramMessage, plain: () => TelegramMessage) =>
    sendWithTopicFallback(target, part).catch((error: unknown) => {
      if (!(error instanceof GrammyError && BAD_URL.test(error.description))) throw error;
      return sendWithTopicFallback(target, plain());
    });

  /** Records a confirmed part; a failed write is logged, and the next retry then sends that part again. */
  const record = (key: string, done: SendProgress, chatId: string) =>
    progress.save(key, done).catch((error: unknown) => {
      log?.warn("telegram alert part sent; recording it failed", { chatId, error: String(error) });
    });

  /**
   * Sends the parts not yet confirmed, recording each under `key` (null: a
   * single message, kept nowhere); resolves with the first part's id.
   */
  async function sendRemaining(
    target: AlertTarget,
    key: string | null,
    message: AlertMessage,
    parts: readonly TelegramMessage[],
    done: SendProgress,
  ) {
    // The same parts with callback buttons only, for a page address Telegram refuses.
    const plain = (i: number) => () =>
      renderTelegramAlert(message, { urlButtons: false })[i] ?? (parts[i] as TelegramMessage);
    let firstMessageId = done.firstMessageId;
    for (let i = done.parts; i < parts.length; i++) {
      // The dispatcher paced the first part this call sends.
      if (i > done.parts) await options.pacer?.acquire(target.chatId, "alert");
      const sent = await sendOne(target, parts[i] as TelegramMessage, plain(i));
      firstMessageId ||= String(sent.message_id);
      if (key) await record(key, { parts: i + 1, firstMessageId }, target.chatId);
    }
    return firstMessageId;
  }

  return {
    platform: "telegram",
    async send(target, message) {
      const parts = renderTelegramAlert(message);
      // Only a split message keeps progress (a single one has nothing to resume after).
      const key = parts.length > 1 ? progressKey(target.key, parts) : null;
      let done: SendProgress;
      try {
        done = (key ? await progress.get(key) : null) ?? { parts: 0, firstMessageId: "" };
      } catch (error) {
        log?.warn("telegram alert progress unreadable", { chatId: target.chatId });
        return { kind: "transient", error: `send progress unreadable: ${String(error)}` };
      }
      try {
        return { kind: "sent", messageId: await sendRemaining(target, key, message, parts, done) };
      } catch (error) {
        const outcome = telegramOutcome(error);
        // Gone for good or moved: a later send starts afresh. Retried or held: keep the parts.
        if (key && startsAfresh(outcome)) await progress.clear(key).catch(() => undefined);
        log?.warn("telegram alert not sent", { chatId: target.chatId, outcome: outcome.kind });
        return outcome;
      }
    },
  };
}

/**
 * True when no later send of this message goes to the chat its confirmed
 * parts went to: the chat is gone (undeliverable, not paused) or became a
 * supergroup (the message goes whole to the new id). A paused chat's alerts
 * are held and sent again when the bot is back, so its parts are kept.
 */
const startsAfresh = (outcome: SendOutcome) =>
  outcome.kind === "migrated" || (outcome.kind === "undeliverable" && !outcome.pause);

/**
 * The key a split message's progress is kept under: its idempotency key and
 * the parts as rendered. A retry that renders other parts (a reply of the
 * digest revised or removed meanwhile moves the part boundaries) finds no
 * progress and sends the message whole: resuming by count could skip items.
 */
function progressKey(key: string, parts: readonly TelegramMessage[]): string {
  const rendered = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  return `${key}:${rendered.slice(0, 16)}`;
}

/** Progress kept in this process only (the default without a store): bounded, oldest first out. */
function memoryProgressStore(): SendProgressStore {
  const entries = new Map<string, SendProgress>();
  return {
    get: async (key) => entries.get(key) ?? null,
    async save(key, done) {
      entries.delete(key);
      entries.set(key, done);
      if (entries.size > MAX_REMEMBERED) entries.delete(entries.keys().next().value as string);
    },
    clear: async (key) => void entries.delete(key),
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

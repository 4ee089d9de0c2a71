import { createHash } from "node:crypto";
import type { Logger } from "../../src/logger.ts";
import { type ChatStatus, setChatStatus } from "../../src/storage/chat-status.repository.ts";
import type { Database } from "../../src/storage/database.ts";
import { FeishuApiError, type OpenApi } from "./open-api.ts";
import type { FeishuMessage } from "./render-card.ts";

/**
 * Sends cards with Feishu's delivery errors handled: a card Feishu refuses
 * (230099, 230025) is sent again as rich text; a recalled reply target is
 * answered in the chat instead; a chat the bot can no longer post to is
 * recorded (for alerts) and nothing is thrown.
 */

/** A deterministic `uuid` (≤ 50 characters) for one send, so a retry never posts twice. */
export function sendUuid(...parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

/** Card refused: too big, bad card, sensitive content, DLP. Never resent as is (sent again as rich text). */
export const CARD_REFUSED: ReadonlySet<number> = new Set([230025, 230099, 230022, 230028]);
/** The message being replied to was recalled or deleted. */
const TARGET_GONE = new Set([230011, 231003]);
/** Codes that say the bot can no longer post in the chat. */
const UNREACHABLE: ReadonlyMap<number, ChatStatus> = new Map([
  [230002, "kicked"],
  [230035, "kicked"],
  [230018, "kicked"],
  [232009, "gone"],
  [230034, "gone"],
  [230013, "blocked"],
  [230029, "blocked"],
  [230053, "blocked"],
]);

/** Where a message goes: a reply to `replyTo` in `chatId`, or a new message there. */
export interface Target {
  readonly chatId: string;
  readonly replyTo?: string;
}

/** Sends through the Open API; resolves with the new message id, or null when not sent. */
export interface Delivery {
  send(
    target: Target,
    message: FeishuMessage,
    fallback: FeishuMessage,
    uuid: string,
  ): Promise<string | null>;
}

/** Creates the delivery. */
export function createDelivery(api: OpenApi, db: Database, log: Logger): Delivery {
  async function sendOnce(target: Target, message: FeishuMessage, uuid: string): Promise<string> {
    if (!target.replyTo) return api.create(target.chatId, message, uuid);
    try {
      return await api.reply(target.replyTo, message, uuid);
    } catch (error) {
      if (!(error instanceof FeishuApiError && TARGET_GONE.has(error.code))) throw error;
      return api.create(target.chatId, message, uuid);
    }
  }

  return {
    async send(target, message, fallback, uuid) {
      try {
        try {
          return await sendOnce(target, message, uuid);
        } catch (error) {
          if (!(error instanceof FeishuApiError && CARD_REFUSED.has(error.code))) throw error;
          log.warn("feishu refused a card; sent as rich text", { code: error.code });
          return await sendOnce(target, fallback, sendUuid(uuid, "post"));
        }
      } catch (error) {
        const status = error instanceof FeishuApiError ? UNREACHABLE.get(error.code) : undefined;
        if (!status) throw error;
        await setChatStatus(
          db,
          "feishu",
          target.chatId,
          status,
          String((error as FeishuApiError).code),
        );
        log.warn("feishu chat unreachable", { chatId: target.chatId, status });
        return null;
      }
    },
  };
}

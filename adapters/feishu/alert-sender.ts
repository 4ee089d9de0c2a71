import type { AlertSender, SendOutcome } from "../../src/alerts/alert-types.ts";
import type { RateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { Logger } from "../../src/logger.ts";
import { CARD_REFUSED, sendUuid } from "./delivery.ts";
import { FeishuApiError, type OpenApi } from "./open-api.ts";
import { renderFeishuAlertCards } from "./render-alert-card.ts";
import type { FeishuMessage } from "./render-card.ts";

/** Options for {@link createFeishuAlertSender}. */
export interface FeishuAlertSenderOptions {
  /** Where failures are logged (never message text). Default: nowhere. */
  readonly log?: Logger;
  /**
   * Paces, at alert priority, every call after a send's first (the later
   * cards of a split digest, a refused card's rich-text copy); the
   * dispatcher paces the first, once per `send`. Default: not paced.
   */
  readonly pacer?: RateLimiter;
}

/** A card refused, and its rich-text copy refused too: this message will not go as it is. */
class MessageRefused extends Error {
  override name = "MessageRefused";
}

/** Rate limits: gateway, per-chat, tenant message service. */
const LIMITED = new Set([99991400, 230020, 11232]);
const QUOTA_USED_UP = 99991403;
/** While the monthly quota is used up, the queue waits this long between checks. */
const QUOTA_WAIT_MS = 3_600_000;

type Reason = Extract<SendOutcome, { kind: "undeliverable" }>["reason"];
/** Codes that say the bot can no longer post there: why, and whether it is a pause. */
const UNDELIVERABLE: ReadonlyMap<number, [Reason, boolean]> = new Map([
  [230002, ["bot_removed", true]],
  [230035, ["kicked", true]],
  [230018, ["kicked", true]],
  [232009, ["disbanded", false]],
  [230034, ["chat_not_found", false]],
  [230001, ["chat_not_found", false]],
  [230013, ["blocked", false]],
  [230029, ["blocked", false]],
  [230053, ["blocked", false]],
]);

/** Feishu's `uuid` is at most 50 characters: a longer key is hashed (still the same on every retry). */
export function alertUuid(key: string, part: number): string {
  const base = key.length <= 50 ? key : sendUuid("alert", key);
  return part === 0 ? base : sendUuid("alert-part", key, String(part));
}

/**
 * Sends alerts to Feishu chats as interactive cards (see
 * {@link renderFeishuAlertCards}) through the Open API's alert mode (no
 * pacing here, no sleeping through a limit). The `uuid` is the target's key
 * (parts of a split digest derive theirs from it), so a retry never posts
 * twice. A card Feishu refuses goes again as rich text. Errors become a
 * {@link SendOutcome} by Feishu's code.
 */
export function createFeishuAlertSender(
  api: Pick<OpenApi, "create">,
  options: FeishuAlertSenderOptions = {},
): AlertSender {
  async function sendCard(
    chatId: string,
    card: FeishuMessage,
    fallback: FeishuMessage,
    uuid: string,
  ) {
    try {
      return await api.create(chatId, card, uuid, { alert: true });
    } catch (error) {
      if (!(error instanceof FeishuApiError && CARD_REFUSED.has(error.code))) throw error;
      options.log?.warn("feishu refused an alert card; sent as rich text", { code: error.code });
      await options.pacer?.acquire(chatId, "alert");
      try {
        return await api.create(chatId, fallback, sendUuid(uuid, "post"), { alert: true });
      } catch (again) {
        if (!(again instanceof FeishuApiError && CARD_REFUSED.has(again.code))) throw again;
        throw new MessageRefused(
          `feishu refused the card (${error.code}) and its text (${again.code})`,
        );
      }
    }
  }

  return {
    platform: "feishu",
    async send(target, message) {
      const cards = renderFeishuAlertCards(message);
      let first = "";
      try {
        for (const [i, { card, fallback }] of cards.entries()) {
          if (i > 0) await options.pacer?.acquire(target.chatId, "alert");
          const id = await sendCard(target.chatId, card, fallback, alertUuid(target.key, i));
          first ||= id;
        }
        return { kind: "sent", messageId: first };
      } catch (error) {
        const outcome = feishuOutcome(error);
        options.log?.warn("feishu alert not sent", {
          chatId: target.chatId,
          outcome: outcome.kind,
        });
        return outcome;
      }
    },
  };
}

/** Maps an Open API failure to what the dispatcher does next. */
export function feishuOutcome(error: unknown): SendOutcome {
  if (error instanceof MessageRefused) return { kind: "rejected", error: error.message };
  if (!(error instanceof FeishuApiError))
    return { kind: "transient", error: error instanceof Error ? error.message : String(error) };
  const { code, status } = error;
  if (code === QUOTA_USED_UP) return { kind: "rate_limited", retryAfterMs: QUOTA_WAIT_MS };
  if (LIMITED.has(code) || status === 429)
    return { kind: "rate_limited", retryAfterMs: Math.max(1, error.retryAfterMs ?? 1000) };
  const undeliverable = UNDELIVERABLE.get(code);
  if (undeliverable) {
    const [reason, pause] = undeliverable;
    return { kind: "undeliverable", reason, pause, detail: `feishu ${code}` };
  }
  return { kind: "transient", error: error.message };
}

import type { Transformer } from "grammy";
import type { RateLimiter } from "../../src/alerts/rate-limiter.ts";

/** Bot API methods that post or change a message in a chat: they count against the budget. */
export const PACED_METHODS: ReadonlySet<string> = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "sendPhoto",
  "sendDocument",
  "copyMessage",
  "forwardMessage",
]);

/**
 * A grammY API transformer that takes a slot from the platform's pacer at
 * answer priority before every message call of the bot (see
 * {@link PACED_METHODS}), so answers and alerts share one overall budget and
 * an answer takes the next free slot ahead of any waiting alert. Answers
 * count against the overall rate only, not the per-chat one: an answer of
 * several messages (a long section) goes out as a burst, which Telegram
 * allows in one chat, rather than one message a second. Install it first
 * (innermost), so every retry by auto-retry takes a slot too. Other methods
 * pass at once.
 */
export function answerPacing(pacer: RateLimiter): Transformer {
  let sequence = 0;
  return async (prev, method, payload, signal) => {
    if (PACED_METHODS.has(method)) {
      // A key of its own per call: the overall budget applies, no chat's interval.
      sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
      await pacer.acquire(`answer:${sequence}`, "answer", signal as AbortSignal | undefined);
    }
    return prev(method, payload, signal);
  };
}

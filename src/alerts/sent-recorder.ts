import type { Logger } from "../logger.ts";
import { markSent } from "../storage/alert-outbox.repository.ts";
import type { Database } from "../storage/database.ts";

/**
 * Records confirmed sends in the outbox. A row left pending after a
 * confirmed send is sent again once its lease lapses (a duplicate on
 * Telegram), so a failed write is tried again a few times; on giving up it is
 * logged and the send remembered by message key, so that this process, when
 * the rows come back, records them instead of sending them again.
 */

/** Tries at recording a confirmed send before giving up. */
export const MARK_SENT_TRIES = 5;
/** Confirmed sends whose record failed, remembered at most. */
const MAX_UNRECORDED = 10_000;

/** What {@link createSentRecorder} returns. */
export interface SentRecorder {
  /** Records the send of `ids` in message `messageId`; false when every try failed. */
  record(ids: readonly number[], key: string, messageId: string): Promise<boolean>;
  /** The message id of a confirmed send under `key` not recorded yet, if any. */
  unrecorded(key: string): string | undefined;
}

/** Creates a recorder; `retryMs` is the first wait between tries (doubling), default 200. */
export function createSentRecorder(options: {
  readonly db: Database;
  readonly now: () => number;
  readonly log?: Logger;
  readonly retryMs?: number;
}): SentRecorder {
  const pending = new Map<string, string>();
  const retryMs = options.retryMs ?? 200;
  return {
    unrecorded: (key) => pending.get(key),
    async record(ids, key, messageId) {
      for (let tries = 1; ; tries++) {
        try {
          await markSent(options.db, ids, messageId, options.now());
          pending.delete(key);
          return true;
        } catch (error) {
          const context = { rows: ids.length, messageId, tries, error: String(error) };
          if (tries >= MARK_SENT_TRIES) {
            options.log?.error("alert sent but not recorded; may repeat after the lease", context);
            pending.set(key, messageId);
            if (pending.size > MAX_UNRECORDED)
              pending.delete(pending.keys().next().value as string);
            return false;
          }
          options.log?.warn("alert sent; recording it failed, trying again", context);
          await new Promise((r) => setTimeout(r, retryMs * 2 ** (tries - 1)));
        }
      }
    },
  };
}

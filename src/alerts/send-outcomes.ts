import type { Logger } from "../logger.ts";
import { deactivateChat, markFailed, pausePlatform } from "../storage/alert-outbox.repository.ts";
import type { Database } from "../storage/database.ts";
import type { PreparedAlert } from "./alert-items.ts";
import type { AlertSender, SendOutcome } from "./alert-types.ts";

/**
 * What the alert dispatcher does with a send's outcome when it is neither a
 * confirmed send nor a migrated chat: pause the platform, retry with back-off,
 * fail the rows for good, or deactivate the chat; and the counts it keeps.
 */

/** Counts since start, and the measured crash window. */
export interface DispatcherStats {
  sent: number;
  rowsSent: number;
  rateLimited: number;
  transient: number;
  /** Messages the platform refused (not the chat); after {@link MAX_REFUSED_ATTEMPTS} the rows fail. */
  rejected: number;
  migrated: number;
  undeliverable: number;
  /**
   * For each confirmed send: ms from the sender's confirmation to the commit
   * of `markSent`. A crash inside this window repeats the message on a
   * platform without idempotency keys (Telegram).
   */
  readonly confirmToCommitMs: number[];
}

/** Attempts at a message the platform refuses (not the chat) before its rows fail: about 75 s of back-off. */
export const MAX_REFUSED_ATTEMPTS = 5;

const BACKOFF_BASE_MS = 5000;
const BACKOFF_MAX_MS = 3600_000;

/** An outcome {@link OutcomeRecorder.record} settles (the dispatcher handles the other two itself). */
export type SettledOutcome = Exclude<SendOutcome, { kind: "migrated" | "sent" }>;

/** The rows one message carried, and how to give them back under their claim. */
export interface OutcomeRows {
  readonly ids: readonly number[];
  /** Attempts before this one (the most among the rows). */
  readonly attempts: number;
  readonly release: (error: string, retryAt: number, count?: boolean) => Promise<void>;
}

/** Records outcomes and computes retry times; made by {@link createOutcomeRecorder}. */
export interface OutcomeRecorder {
  /** When to retry after `attempts` earlier attempts: exponential back-off with jitter. */
  backoff(attempts: number): number;
  /** Records a send's outcome for the rows it carried. */
  record(
    platform: string,
    chatId: string,
    outcome: SettledOutcome,
    rows: OutcomeRows,
  ): Promise<void>;
}

/** What {@link createOutcomeRecorder} takes. */
export interface OutcomeRecorderOptions {
  readonly db: Database;
  readonly now: () => number;
  readonly stats: DispatcherStats;
  readonly log?: Logger;
}

/** Creates the outcome recorder of one dispatcher (it counts into `stats`). */
export function createOutcomeRecorder(options: OutcomeRecorderOptions): OutcomeRecorder {
  const { db, now, stats } = options;

  const backoff = (attempts: number) =>
    now() + Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempts) * (0.75 + Math.random() / 2);

  const record = async (
    platform: string,
    chatId: string,
    outcome: SettledOutcome,
    rows: OutcomeRows,
  ) => {
    const { ids, attempts, release: releaseRows } = rows;
    switch (outcome.kind) {
      case "rate_limited": {
        stats.rateLimited++;
        const until = now() + Math.max(1000, outcome.retryAfterMs);
        await pausePlatform(db, platform, until, "rate limited");
        options.log?.warn("alert sends paused", { platform, ms: until - now() });
        return releaseRows("rate limited", until, false);
      }
      case "transient":
        stats.transient++;
        return releaseRows(outcome.error, backoff(attempts));
      case "rejected":
        stats.rejected++;
        if (attempts + 1 < MAX_REFUSED_ATTEMPTS)
          return releaseRows(outcome.error, backoff(attempts));
        options.log?.error("alert refused by the platform; rows failed", {
          platform,
          rows: ids.length,
          attempts: attempts + 1,
          error: outcome.error.slice(0, 300),
        });
        return markFailed(db, ids, `refused ${attempts + 1} times: ${outcome.error}`);
      case "undeliverable":
        stats.undeliverable++;
        options.log?.info("alert chat undeliverable", { platform, reason: outcome.reason });
        await deactivateChat(db, platform, chatId, outcome.reason, outcome.pause, now());
        return;
    }
  };

  return { backoff, record };
}

/** Sends one message; a sender that throws reports a transient failure (the rows are retried). */
export async function sendSafely(
  sender: AlertSender,
  target: PreparedAlert["target"],
  alert: PreparedAlert,
): Promise<SendOutcome> {
  try {
    return await sender.send(target, alert.message);
  } catch (error) {
    return { kind: "transient", error: error instanceof Error ? error.message : String(error) };
  }
}

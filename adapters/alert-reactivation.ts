import { reactivatePaused } from "../src/storage/alert-outbox.repository.ts";
import type { SubscriptionTable } from "../src/storage/alert-tables.ts";
import type { Database } from "../src/storage/database.ts";

/**
 * Reactivating a chat's subscriptions when the bot may post there again
 * (Feishu `im.chat.member.bot.added_v1`, Telegram `my_chat_member` back to
 * member or admin).
 */

/** Reasons a subscription stopped that end when the bot is back (not `unsubscribed`, not a gone chat). */
export const REACTIVATED_REASONS = ["blocked", "kicked", "bot_removed"] as const;

/**
 * Makes the chat's subscriptions active again: every paused one (its held
 * alerts due now, by `reactivatePaused`), and those deactivated because the
 * bot was blocked, kicked or removed (their failed alerts stay failed, on
 * record). Unsubscribed ones stay inactive. Returns how many inactive
 * subscriptions were reactivated plus the held alerts made due.
 */
export async function reactivateChatSubscriptions(
  db: Database,
  platform: string,
  chatId: string,
  now = Date.now(),
): Promise<number> {
  const due = await reactivatePaused(db, platform, chatId, now);
  const result = await db
    .withTables<{ subscription: SubscriptionTable }>()
    .updateTable("subscription")
    .set({ status: "active", status_reason: null, status_at: now })
    .where("platform", "=", platform)
    .where("chat_id", "=", chatId)
    .where("status", "=", "inactive")
    .where("status_reason", "in", [...REACTIVATED_REASONS])
    .executeTakeFirst();
  return due + Number(result.numUpdatedRows);
}

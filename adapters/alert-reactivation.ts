import type { SubscriptionTable } from "../src/storage/alert-tables.ts";
import type { Database } from "../src/storage/database.ts";

/**
 * Reactivating a chat's subscriptions when the bot may post there again
 * (Feishu `im.chat.member.bot.added_v1`, Telegram `my_chat_member` back to
 * member or admin). Stands in until the dispatcher's
 * `reactivatePaused` (alert-outbox repository) lands.
 */

/** Reasons a subscription stopped that end when the bot is back (not `unsubscribed`, not a gone chat). */
export const REACTIVATED_REASONS = ["blocked", "kicked", "bot_removed"] as const;

/**
 * Makes the chat's subscriptions active again: every paused one, and those
 * deactivated because the bot was blocked, kicked or removed. Unsubscribed
 * ones stay inactive. Returns how many were reactivated.
 */
export async function reactivateChatSubscriptions(
  db: Database,
  platform: string,
  chatId: string,
  now = Date.now(),
): Promise<number> {
  const result = await db
    .withTables<{ subscription: SubscriptionTable }>()
    .updateTable("subscription")
    .set({ status: "active", status_reason: null, status_at: now })
    .where("platform", "=", platform)
    .where("chat_id", "=", chatId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "paused"),
        eb.and([
          eb("status", "=", "inactive"),
          eb("status_reason", "in", [...REACTIVATED_REASONS]),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

import { failRows } from "./alert-outbox.repository.ts";
import type { AlertTables } from "./alert-tables.ts";
import { type Database, writeTransaction } from "./database.ts";

/**
 * Chat-level changes to the alert outbox and subscriptions: a chat that got a
 * new id (a Telegram group migrated to a supergroup), a chat the bot can no
 * longer post in (deactivated, or paused until the bot is re-added), and the
 * bot's return. Each is one write transaction over both tables.
 */

const tables = (db: Database) => db.withTables<AlertTables>();

/**
 * A chat got a new id (a Telegram group migrated to a supergroup): its
 * subscriptions and pending rows move there. Returns the rows moved.
 */
export async function moveChat(
  db: Database,
  platform: string,
  oldChatId: string,
  newChatId: string,
  now = Date.now(),
): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const t = tables(trx);
    await t
      .updateTable("subscription")
      .set({ chat_id: newChatId, status_at: now })
      .where("platform", "=", platform)
      .where("chat_id", "=", oldChatId)
      .execute();
    const moved = await t
      .updateTable("alert_outbox")
      .set({ chat_id: newChatId })
      .where("platform", "=", platform)
      .where("chat_id", "=", oldChatId)
      .where("state", "=", "pending")
      .executeTakeFirst();
    return Number(moved.numUpdatedRows);
  });
}

/**
 * The bot can no longer post in a chat. Its active subscriptions become
 * inactive, or `paused` (Feishu 230002: until the bot is re-added), with the
 * reason; its pending rows are failed with the reason, or, when paused, held
 * (left pending with the reason, due again only when {@link reactivatePaused}
 * runs). Returns the rows failed or held.
 */
export async function deactivateChat(
  db: Database,
  platform: string,
  chatId: string,
  reason: string,
  paused: boolean,
  now = Date.now(),
): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const t = tables(trx);
    await t
      .updateTable("subscription")
      .set({ status: paused ? "paused" : "inactive", status_reason: reason, status_at: now })
      .where("platform", "=", platform)
      .where("chat_id", "=", chatId)
      .where("status", "=", "active")
      .execute();
    const pending = await t
      .selectFrom("alert_outbox")
      .select("id")
      .where("platform", "=", platform)
      .where("chat_id", "=", chatId)
      .where("state", "=", "pending")
      .execute();
    const ids = pending.map((r) => r.id);
    if (ids.length === 0) return 0;
    if (!paused) await failRows(trx, ids, reason);
    else await holdRows(trx, ids, reason);
    return ids.length;
  });
}

/** Due "never": a held row waits for {@link reactivatePaused}. */
export const HELD_DUE_AT = Number.MAX_SAFE_INTEGER;

async function holdRows(trx: Database, ids: readonly number[], reason: string): Promise<void> {
  await tables(trx)
    .updateTable("alert_outbox")
    .set({ due_at: HELD_DUE_AT, last_error: reason, claimed_by: null, claim_until: null })
    .where("id", "in", ids)
    .execute();
}

/**
 * The bot is back in a chat (Feishu bot added): paused subscriptions become
 * active and held rows are due now. Returns the rows made due.
 */
export async function reactivatePaused(
  db: Database,
  platform: string,
  chatId: string,
  now = Date.now(),
): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const t = tables(trx);
    await t
      .updateTable("subscription")
      .set({ status: "active", status_reason: null, status_at: now })
      .where("platform", "=", platform)
      .where("chat_id", "=", chatId)
      .where("status", "=", "paused")
      .execute();
    const due = await t
      .updateTable("alert_outbox")
      .set({ due_at: now, last_error: null })
      .where("platform", "=", platform)
      .where("chat_id", "=", chatId)
      .where("state", "=", "pending")
      .where("due_at", "=", HELD_DUE_AT)
      .executeTakeFirst();
    return Number(due.numUpdatedRows);
  });
}

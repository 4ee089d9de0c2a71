import type { Database } from "./database.ts";

/**
 * Chats where the bot can no longer post (blocked by the user, kicked from a
 * group, the chat gone) or that moved to a new id. Alerts read this to stop
 * sending; a chat that writes again becomes active.
 */

/** Table type (added to the schema with {@link Database.withTables}). */
export interface ChatStatusTable {
  platform: string;
  chat_id: string;
  status: string;
  detail: string | null;
  at: number;
}

/** Why a chat is (in)active. */
export type ChatStatus = "active" | "blocked" | "kicked" | "gone" | "migrated";

const tables = (db: Database) => db.withTables<{ chat_status: ChatStatusTable }>();

/** Records a chat's status; `detail` is e.g. the new chat id of a migrated group. */
export async function setChatStatus(
  db: Database,
  platform: string,
  chatId: string,
  status: ChatStatus,
  detail: string | null = null,
  now = Date.now(),
): Promise<void> {
  await tables(db)
    .insertInto("chat_status")
    .values({ platform, chat_id: chatId, status, detail, at: now })
    .onConflict((oc) =>
      oc.columns(["platform", "chat_id"]).doUpdateSet({ status, detail, at: now }),
    )
    .execute();
}

/** A chat's recorded status; `active` when nothing is recorded. */
export async function getChatStatus(
  db: Database,
  platform: string,
  chatId: string,
): Promise<{ status: ChatStatus; detail: string | null }> {
  const row = await tables(db)
    .selectFrom("chat_status")
    .select(["status", "detail"])
    .where("platform", "=", platform)
    .where("chat_id", "=", chatId)
    .executeTakeFirst();
  return row
    ? { status: row.status as ChatStatus, detail: row.detail }
    : { status: "active", detail: null };
}

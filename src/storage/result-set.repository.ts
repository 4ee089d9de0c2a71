import { randomBytes } from "node:crypto";
import type { Database } from "./database.ts";

/**
 * Result sets: what a paging or "open this section" button refers to. Kept in
 * SQLite, not in process memory, so buttons keep working after a restart and
 * on another replica. The id is short enough for Telegram's 64-byte
 * `callback_data`.
 */

/** Table type (declared here; added to the schema with {@link Database.withTables}). */
export interface ResultSetTable {
  id: string;
  platform: string;
  chat_id: string;
  user_id: string | null;
  query: string;
  page: number;
  message_id: string | null;
  /** JSON of {@link ShownItems}; null for rows from before migration 0007. */
  shown_items: string | null;
  created_at: number;
  expires_at: number;
}

/** An item a page showed: the reply and section its buttons open. */
export interface ShownItem {
  readonly replyId: number;
  readonly sectionId: number;
}

/** The items each page showed, by page number (null: an item with nothing to open). */
export type ShownItems = Readonly<Record<number, readonly (ShownItem | null)[]>>;

/** A stored result set. */
export interface ResultSet {
  readonly id: string;
  readonly platform: string;
  readonly chatId: string;
  readonly userId: string | null;
  /** The message text that produced the answer; re-asked for other pages. */
  readonly query: string;
  /** The page last shown. */
  readonly page: number;
  /** The bot's message showing it, once sent. */
  readonly messageId: string | null;
  /** What each page shown so far held: "open this section" opens exactly these. */
  readonly shownItems: ShownItems;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** How long a result set lives: 48 hours. */
export const RESULT_SET_TTL_MS = 48 * 3600 * 1000;

/** Length of a result set id (base64url characters, 48 random bits). */
export const RESULT_SET_ID_LENGTH = 8;

const tables = (db: Database) => db.withTables<{ result_set: ResultSetTable }>();

/** Stores a new result set and returns it. */
export async function createResultSet(
  db: Database,
  input: {
    platform: string;
    chatId: string;
    userId: string | null;
    query: string;
    page: number;
    /** The items the first page shown held. */
    items?: readonly (ShownItem | null)[];
  },
  now = Date.now(),
): Promise<ResultSet> {
  const row: ResultSetTable = {
    id: randomBytes(6).toString("base64url"),
    platform: input.platform,
    chat_id: input.chatId,
    user_id: input.userId,
    query: input.query,
    page: input.page,
    message_id: null,
    shown_items: JSON.stringify({ [input.page]: input.items ?? [] }),
    created_at: now,
    expires_at: now + RESULT_SET_TTL_MS,
  };
  await tables(db).insertInto("result_set").values(row).execute();
  return toResultSet(row);
}

/** A result set by id, or undefined when unknown or expired. */
export async function getResultSet(
  db: Database,
  id: string,
  now = Date.now(),
): Promise<ResultSet | undefined> {
  const row = await tables(db)
    .selectFrom("result_set")
    .selectAll()
    .where("id", "=", id)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? toResultSet(row) : undefined;
}

/** The live result set a bot message shows, if any. */
export async function findResultSetByMessage(
  db: Database,
  where: { platform: string; chatId: string; messageId: string },
  now = Date.now(),
): Promise<ResultSet | undefined> {
  const row = await tables(db)
    .selectFrom("result_set")
    .selectAll()
    .where("platform", "=", where.platform)
    .where("chat_id", "=", where.chatId)
    .where("message_id", "=", where.messageId)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? toResultSet(row) : undefined;
}

/** The newest live result set of a chat, if any. */
export async function latestResultSet(
  db: Database,
  where: { platform: string; chatId: string },
  now = Date.now(),
): Promise<ResultSet | undefined> {
  const row = await tables(db)
    .selectFrom("result_set")
    .selectAll()
    .where("platform", "=", where.platform)
    .where("chat_id", "=", where.chatId)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toResultSet(row) : undefined;
}

/** Records the page shown (with the items it held, kept beside earlier pages') and the bot message showing it. */
export async function updateResultSet(
  db: Database,
  id: string,
  change: { page?: number; messageId?: string; shownItems?: ShownItems },
): Promise<void> {
  const values: Partial<ResultSetTable> = {};
  if (change.page !== undefined) values.page = change.page;
  if (change.messageId !== undefined) values.message_id = change.messageId;
  if (change.shownItems !== undefined) values.shown_items = JSON.stringify(change.shownItems);
  if (Object.keys(values).length === 0) return;
  await tables(db).updateTable("result_set").set(values).where("id", "=", id).execute();
}

/** Moves a chat's result sets to a new chat id (a Telegram group that became a supergroup). */
export async function moveResultSets(
  db: Database,
  platform: string,
  fromChatId: string,
  toChatId: string,
): Promise<void> {
  await tables(db)
    .updateTable("result_set")
    .set({ chat_id: toChatId })
    .where("platform", "=", platform)
    .where("chat_id", "=", fromChatId)
    .execute();
}

/** Deletes expired result sets; returns how many. */
export async function pruneResultSets(db: Database, now = Date.now()): Promise<number> {
  const result = await tables(db)
    .deleteFrom("result_set")
    .where("expires_at", "<=", now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toResultSet(row: ResultSetTable): ResultSet {
  return {
    id: row.id,
    platform: row.platform,
    chatId: row.chat_id,
    userId: row.user_id,
    query: row.query,
    page: row.page,
    messageId: row.message_id,
    shownItems: parseShownItems(row.shown_items),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function parseShownItems(json: string | null): ShownItems {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === "object" ? (parsed as ShownItems) : {};
  } catch {
    return {};
  }
}

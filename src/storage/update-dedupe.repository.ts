import type { Database } from "./database.ts";

/**
 * Update ids already handled, so a redelivered update (a webhook retry, a
 * poll re-fetched after a crash) is answered once. A TTL set rather than
 * "highest id seen": Telegram's update ids restart at random after a quiet week.
 */

/** Table type (added to the schema with {@link Database.withTables}). */
export interface HandledUpdateTable {
  platform: string;
  update_id: string;
  at: number;
}

/** Handled update ids are kept this long: 7 days. */
export const HANDLED_UPDATE_TTL_MS = 7 * 24 * 3600 * 1000;

const tables = (db: Database) => db.withTables<{ handled_update: HandledUpdateTable }>();

/**
 * Claims an update for handling. True the first time an id is seen (the
 * caller handles it); false for a duplicate (the caller drops it).
 */
export async function claimUpdate(
  db: Database,
  platform: string,
  updateId: string,
  now = Date.now(),
): Promise<boolean> {
  const result = await tables(db)
    .insertInto("handled_update")
    .values({ platform, update_id: updateId, at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Forgets ids older than {@link HANDLED_UPDATE_TTL_MS}; returns how many. */
export async function pruneHandledUpdates(db: Database, now = Date.now()): Promise<number> {
  const result = await tables(db)
    .deleteFrom("handled_update")
    .where("at", "<", now - HANDLED_UPDATE_TTL_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

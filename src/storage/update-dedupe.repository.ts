import type { Database } from "./database.ts";

/**
 * Update ids claimed and handled, so a redelivered update (a webhook retry, a
 * poll re-fetched after a crash) is answered once. A TTL set rather than
 * "highest id seen": Telegram's update ids restart at random after a quiet week.
 * A claim is finished once the update is handled; with a lease, a claim left
 * unfinished (the process died mid-answer) may be taken again after it.
 */

/** Table type (added to the schema with {@link Database.withTables}). */
export interface HandledUpdateTable {
  platform: string;
  update_id: string;
  /** When it was (last) claimed. */
  at: number;
  /** When handling finished; null while in progress (or never, after a crash). */
  done_at: number | null;
}

/** Handled update ids are kept this long: 7 days. */
export const HANDLED_UPDATE_TTL_MS = 7 * 24 * 3600 * 1000;

/** A claim not finished within this long may be handled again: 5 minutes. */
export const UPDATE_LEASE_MS = 5 * 60 * 1000;

const tables = (db: Database) => db.withTables<{ handled_update: HandledUpdateTable }>();

/**
 * Claims an update for handling. True the first time an id is seen, or when
 * an earlier claim was never finished and is older than `leaseMs` (the caller
 * handles it, then calls {@link finishUpdate}); false for a duplicate (the
 * caller drops it). Without `leaseMs` a claim never lapses.
 */
export async function claimUpdate(
  db: Database,
  platform: string,
  updateId: string,
  now = Date.now(),
  leaseMs?: number,
): Promise<boolean> {
  const result = await tables(db)
    .insertInto("handled_update")
    .values({ platform, update_id: updateId, at: now, done_at: null })
    .onConflict((oc) =>
      leaseMs === undefined
        ? oc.doNothing()
        : oc
            .columns(["platform", "update_id"])
            .doUpdateSet({ at: now })
            .where("handled_update.done_at", "is", null)
            .where("handled_update.at", "<=", now - leaseMs),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Marks a claimed update handled: it is never handled again (until pruned). */
export async function finishUpdate(
  db: Database,
  platform: string,
  updateId: string,
  now = Date.now(),
): Promise<void> {
  await tables(db)
    .updateTable("handled_update")
    .set({ done_at: now })
    .where("platform", "=", platform)
    .where("update_id", "=", updateId)
    .execute();
}

/** Forgets ids older than {@link HANDLED_UPDATE_TTL_MS}; returns how many. */
export async function pruneHandledUpdates(db: Database, now = Date.now()): Promise<number> {
  const result = await tables(db)
    .deleteFrom("handled_update")
    .where("at", "<", now - HANDLED_UPDATE_TTL_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

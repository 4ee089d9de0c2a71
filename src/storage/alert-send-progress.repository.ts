import type { SendProgress, SendProgressStore } from "../alerts/alert-types.ts";
import { whileBusy } from "./busy-retry.ts";
import type { Database } from "./database.ts";

/**
 * The confirmed parts of messages sent in several parts (migration 0013), by
 * the message's idempotency key: what a Telegram digest over 4096 characters
 * needs to resume after a restart without posting a confirmed part again.
 */

/** One message's progress. Times are epoch milliseconds. */
export interface AlertSendProgressTable {
  /** The message's idempotency key (`AlertTarget.key`). */
  message_key: string;
  /** Parts the platform confirmed, in order. */
  parts_confirmed: number;
  /** The platform's id of the first part. */
  first_message_id: string;
  /** When a part was last confirmed. */
  updated_at: number;
}

/** The table, for `db.withTables<SendProgressTables>()`. */
export type SendProgressTables = { alert_send_progress: AlertSendProgressTable };

/** How long a message's progress is kept: far longer than any retry of it. */
export const SEND_PROGRESS_KEEP_MS = 3 * 24 * 3600_000;

const tables = (db: Database) => db.withTables<SendProgressTables>();

/** A {@link SendProgressStore} over the database; `now` stamps each write. */
export function createSendProgressStore(
  db: Database,
  now: () => number = Date.now,
): SendProgressStore {
  return {
    async get(key) {
      const row = await whileBusy(() =>
        tables(db)
          .selectFrom("alert_send_progress")
          .select(["parts_confirmed", "first_message_id"])
          .where("message_key", "=", key)
          .executeTakeFirst(),
      );
      return row ? { parts: row.parts_confirmed, firstMessageId: row.first_message_id } : null;
    },
    save: (key, progress) => saveProgress(db, key, progress, now()),
    async clear(key) {
      await whileBusy(() =>
        tables(db).deleteFrom("alert_send_progress").where("message_key", "=", key).execute(),
      );
    },
  };
}

/** Records (one autocommit upsert) that the first `progress.parts` parts of the message are confirmed. */
async function saveProgress(db: Database, key: string, progress: SendProgress, at: number) {
  const values = {
    parts_confirmed: progress.parts,
    first_message_id: progress.firstMessageId,
    updated_at: at,
  };
  await whileBusy(() =>
    tables(db)
      .insertInto("alert_send_progress")
      .values({ message_key: key, ...values })
      .onConflict((oc) => oc.column("message_key").doUpdateSet(values))
      .execute(),
  );
}

/** Deletes progress not touched for {@link SEND_PROGRESS_KEEP_MS}; returns how many rows went. */
export async function pruneSendProgress(db: Database, now = Date.now()): Promise<number> {
  const result = await whileBusy(() =>
    tables(db)
      .deleteFrom("alert_send_progress")
      .where("updated_at", "<", now - SEND_PROGRESS_KEEP_MS)
      .executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}

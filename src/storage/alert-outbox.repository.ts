import type { AlertTables } from "./alert-tables.ts";
import { whileBusy } from "./busy-retry.ts";
import type { Database } from "./database.ts";

/**
 * The alert outbox as workers use it: claim due rows under a lease
 * (alert-claim.repository.ts), record a confirmed send, release a failed
 * attempt for later, fail rows for good, and the chat-level moves
 * (alert-chat.repository.ts) and platform pauses (platform-pause.repository.ts)
 * every worker honours. Claims are conditional UPDATEs, written with kysely
 * only, so the same code serves PostgreSQL. This module re-exports the others,
 * so callers import the whole outbox from here.
 */

const tables = (db: Database) => db.withTables<AlertTables>();

/**
 * Records that the platform confirmed the send of these rows (one message may
 * carry several rows: a digest). Only pending rows change; returns how many did.
 */
export async function markSent(
  db: Database,
  ids: readonly number[],
  messageId: string,
  now = Date.now(),
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await whileBusy(() =>
    tables(db)
      .updateTable("alert_outbox")
      .set((eb) => ({
        state: "sent",
        sent_at: now,
        message_id: messageId,
        last_error: null,
        claimed_by: null,
        claim_until: null,
        attempts: eb("attempts", "+", 1),
      }))
      .where("id", "in", ids)
      .where("state", "=", "pending")
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Gives rows back after a failed attempt: due again at `retryAt`, the error
 * recorded, the attempt counted (`countAttempt` false for a platform pause,
 * which is no fault of the row). Only rows still under the claim `claimedBy` are released.
 */
export async function release(
  db: Database,
  ids: readonly number[],
  options: { claimedBy: string; error: string; retryAt: number; countAttempt?: boolean },
): Promise<void> {
  if (ids.length === 0) return;
  const step = options.countAttempt === false ? 0 : 1;
  await whileBusy(() =>
    tables(db)
      .updateTable("alert_outbox")
      .set((eb) => ({
        due_at: options.retryAt,
        last_error: options.error.slice(0, 500),
        claimed_by: null,
        claim_until: null,
        attempts: eb("attempts", "+", step),
      }))
      .where("id", "in", ids)
      .where("state", "=", "pending")
      .where("claimed_by", "=", options.claimedBy)
      .execute(),
  );
}

/** Fails rows for good (a permanent error), keeping the reason. */
export async function markFailed(
  db: Database,
  ids: readonly number[],
  reason: string,
): Promise<void> {
  if (ids.length === 0) return;
  await whileBusy(() => failRows(db, ids, reason));
}

/** Fails pending rows with the reason (inside the caller's statement or transaction). */
export async function failRows(
  trx: Database,
  ids: readonly number[],
  reason: string,
): Promise<void> {
  await tables(trx)
    .updateTable("alert_outbox")
    .set({ state: "failed", last_error: reason.slice(0, 500), claimed_by: null, claim_until: null })
    .where("id", "in", ids)
    .where("state", "=", "pending")
    .execute();
}

/**
 * The rows of these chats that a gather window (see `gatheredDueAt` in
 * alert-schedule.ts) may move: pending and never claimed or tried. Only those
 * due by the window's end are open to it (held rows, digest rows and rows
 * waiting out quiet hours stay out): the callers check `due_at` apart, so the
 * lookup goes by chat (index alert_outbox_chat), not over every due row.
 */
function untried(db: Database, platform: string, chatIds: readonly string[]) {
  return tables(db)
    .selectFrom("alert_outbox")
    .where("platform", "=", platform)
    .where("chat_id", "in", chatIds)
    .where("state", "=", "pending")
    .where("claimed_by", "is", null)
    .where("message_key", "is", null)
    .where("attempts", "=", 0);
}

/** Chats of one platform per statement: well under SQLite's bound on parameters. */
const CHAT_CHUNK = 900;

/**
 * Creation time of the oldest row each chat has open to a gather window
 * (chats without one are left out). Call it in the enqueueing transaction.
 */
export async function oldestGatherable(
  db: Database,
  platform: string,
  chatIds: readonly string[],
  latestDue: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < chatIds.length; i += CHAT_CHUNK) {
    const rows = await untried(db, platform, chatIds.slice(i, i + CHAT_CHUNK))
      .select((eb) => [
        "chat_id",
        eb.fn
          .min<number | null>(
            eb.case().when("due_at", "<=", latestDue).then(eb.ref("created_at")).end(),
          )
          .as("oldest"),
      ])
      .groupBy("chat_id")
      .execute();
    for (const row of rows) if (row.oldest !== null) out.set(row.chat_id, Number(row.oldest));
  }
  return out;
}

/**
 * Makes the rows these chats have open to a gather window due at `dueAt`, so
 * they go out with the alert just enqueued. Returns the rows changed.
 */
export async function gatherRows(
  db: Database,
  platform: string,
  chatIds: readonly string[],
  latestDue: number,
  dueAt: number,
): Promise<number> {
  let changed = 0;
  for (let i = 0; i < chatIds.length; i += CHAT_CHUNK) {
    const ids = untried(db, platform, chatIds.slice(i, i + CHAT_CHUNK)).select("id");
    const result = await tables(db)
      .updateTable("alert_outbox")
      .set({ due_at: dueAt })
      .where("id", "in", ids)
      .where("due_at", "<=", latestDue)
      .where("due_at", "<>", dueAt)
      // Repeated here: on PostgreSQL a worker may claim a row between the subquery and the update.
      .where("claimed_by", "is", null)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

export {
  deactivateChat,
  HELD_DUE_AT,
  moveChat,
  reactivatePaused,
} from "./alert-chat.repository.ts";
export {
  type ClaimedAlert,
  type ClaimOptions,
  claimDue,
  recordMessageKey,
} from "./alert-claim.repository.ts";
export { pausePlatform, platformPausedUntil } from "./platform-pause.repository.ts";

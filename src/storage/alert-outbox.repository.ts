import type { AlertOutboxTable, AlertTables } from "./alert-tables.ts";
import { type Database, isBusyError } from "./database.ts";

/**
 * The alert outbox as workers use it: claim due rows under a lease, record a
 * confirmed send, release a failed attempt for later, fail rows for good, and
 * the chat-level moves (a migrated group, a removed bot) and platform pauses
 * every worker honours. Claims are conditional UPDATEs inside a write
 * transaction, written with kysely only, so the same code serves PostgreSQL.
 */

/** A row a worker holds. */
export interface ClaimedAlert {
  readonly id: number;
  readonly replyId: number;
  readonly replyVersion: number;
  readonly subscriptionId: number;
  readonly platform: string;
  readonly chatId: string;
  readonly threadId: string | null;
  readonly revised: boolean;
  readonly changes: readonly string[];
  readonly sectionPosition: number | null;
  readonly dueAt: number;
  /** The claim holding it: the worker's id and a claim number (what {@link release} checks). */
  readonly claimedBy: string;
  /** The lease: the row is this worker's until then. */
  readonly claimUntil: number;
  /** Attempts before this one. */
  readonly attempts: number;
  /** Idempotency key, the same on every retry. */
  readonly sendKey: string;
  /** Key of the message that first carried the row (null until its first send); see {@link recordMessageKey}. */
  readonly messageKey: string | null;
}

/** What {@link claimDue} takes. */
export interface ClaimOptions {
  readonly workerId: string;
  /** Only rows of this platform. */
  readonly platform: string;
  /** At most this many rows. */
  readonly limit: number;
  /** How long the claim holds; a lapsed claim may be taken by any worker. */
  readonly leaseMs: number;
  readonly now?: number;
}

const tables = (db: Database) => db.withTables<AlertTables>();

/** Claims made by this process (numbers each claim's token). */
let claims = 0;

/**
 * Claims up to `limit` due rows of a platform that is not paused, oldest due
 * first: pending, due, and unclaimed or with a lapsed claim. One conditional
 * UPDATE whose subquery picks the candidates and whose own WHERE repeats the
 * conditions, so it is atomic by itself: two workers, or two processes, never
 * hold the same row, and no transaction stays open across an await (on
 * PostgreSQL the subquery would add `for update skip locked`, so concurrent
 * claimers pass over each other's rows instead of queueing on them).
 */
export async function claimDue(db: Database, options: ClaimOptions): Promise<ClaimedAlert[]> {
  const now = options.now ?? Date.now();
  const claimUntil = now + options.leaseMs;
  // Each claim its own token, so a claim never returns rows an earlier one still holds.
  const token = `${options.workerId}#${++claims}`;
  const t = tables(db);
  await whileBusy(() =>
    t
      .updateTable("alert_outbox")
      .set({ claimed_by: token, claim_until: claimUntil })
      .where("id", "in", (eb) =>
        eb
          .selectFrom("alert_outbox as due")
          .select("due.id")
          .where("due.state", "=", "pending")
          .where("due.platform", "=", options.platform)
          .where("due.due_at", "<=", now)
          .where((sub) =>
            sub.or([sub("due.claim_until", "is", null), sub("due.claim_until", "<", now)]),
          )
          .orderBy("due.due_at")
          .orderBy("due.id")
          .limit(options.limit),
      )
      .where("state", "=", "pending")
      .where((eb) => eb.or([eb("claim_until", "is", null), eb("claim_until", "<", now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("platform_pause")
              .select("platform_pause.platform")
              .where("platform_pause.platform", "=", options.platform)
              .where("platform_pause.until", ">", now),
          ),
        ),
      )
      .execute(),
  );
  await whileBusy(() => claimRestOfMessages(db, options.platform, token, claimUntil, now));
  const rows = await t
    .selectFrom("alert_outbox")
    .selectAll()
    .where("state", "=", "pending")
    .where("claimed_by", "=", token)
    .orderBy("due_at")
    .orderBy("id")
    .execute();
  return rows.map(toClaimed);
}

/**
 * Claims the other pending rows of every message this claim holds part of
 * (a digest cut by the claim's limit), so a retry sends the whole message
 * under its key and never part of it.
 */
async function claimRestOfMessages(
  db: Database,
  platform: string,
  token: string,
  claimUntil: number,
  now: number,
) {
  await tables(db)
    .updateTable("alert_outbox")
    .set({ claimed_by: token, claim_until: claimUntil })
    .where("state", "=", "pending")
    .where("platform", "=", platform)
    .where((eb) => eb.or([eb("claim_until", "is", null), eb("claim_until", "<", now)]))
    .where("message_key", "in", (eb) =>
      eb
        .selectFrom("alert_outbox as held")
        .select("held.message_key")
        .where("held.claimed_by", "=", token)
        .where("held.message_key", "is not", null),
    )
    .execute();
}

/**
 * Records, before the first send, the key of the message carrying these rows
 * (rows already carrying one keep it), under the claim `claimedBy`.
 */
export async function recordMessageKey(
  db: Database,
  ids: readonly number[],
  key: string,
  claimedBy: string,
): Promise<void> {
  if (ids.length === 0) return;
  await whileBusy(() =>
    tables(db)
      .updateTable("alert_outbox")
      .set({ message_key: key })
      .where("id", "in", ids)
      .where("state", "=", "pending")
      .where("claimed_by", "=", claimedBy)
      .where("message_key", "is", null)
      .execute(),
  );
}

/**
 * Runs one statement (autocommit: atomic by itself, no transaction held
 * across awaits), retrying while another process holds the write lock past
 * the busy timeout.
 */
async function whileBusy<T>(run: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isBusyError(error) || attempt >= attempts) throw error;
      await new Promise((r) =>
        setTimeout(r, Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random())),
      );
    }
  }
}

function toClaimed(row: AlertOutboxTable): ClaimedAlert {
  return {
    id: row.id,
    replyId: row.reply_id,
    replyVersion: row.reply_version,
    subscriptionId: row.subscription_id,
    platform: row.platform,
    chatId: row.chat_id,
    threadId: row.thread_id,
    revised: row.revised === 1,
    changes: row.changes ? (JSON.parse(row.changes) as string[]) : [],
    sectionPosition: row.section_position,
    dueAt: row.due_at,
    claimedBy: row.claimed_by ?? "",
    claimUntil: row.claim_until ?? 0,
    attempts: row.attempts,
    sendKey: row.send_key,
    messageKey: row.message_key,
  };
}

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

/** Pauses a platform's queue for every worker until `untilMs` (a later pause wins). */
export async function pausePlatform(
  db: Database,
  platform: string,
  untilMs: number,
  reason: string,
): Promise<void> {
  await whileBusy(() =>
    tables(db)
      .insertInto("platform_pause")
      .values({ platform, until: untilMs, reason })
      .onConflict((oc) =>
        oc
          .column("platform")
          .doUpdateSet({ until: untilMs, reason })
          .where("platform_pause.until", "<", untilMs),
      )
      .execute(),
  );
}

/** Until when the platform is paused, or null when it is not (now). */
export async function platformPausedUntil(
  db: Database,
  platform: string,
  now = Date.now(),
): Promise<number | null> {
  const row = await tables(db)
    .selectFrom("platform_pause")
    .select("until")
    .where("platform", "=", platform)
    .executeTakeFirst();
  return row && row.until > now ? row.until : null;
}

export {
  deactivateChat,
  HELD_DUE_AT,
  moveChat,
  reactivatePaused,
} from "./alert-chat.repository.ts";

import type { AlertOutboxTable, AlertTables } from "./alert-tables.ts";
import { whileBusy } from "./busy-retry.ts";
import type { Database } from "./database.ts";

/**
 * Claiming the alert outbox: a worker takes due rows under a lease (one
 * conditional UPDATE, so two workers never hold the same row) and records the
 * key of the message that carries them before its first send.
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
  /** The claim holding it: the worker's id and a claim number (what `release` in alert-outbox.repository.ts checks). */
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

import { createHash } from "node:crypto";
import type { Generated, Insertable } from "kysely";
import type { ReplyDocument } from "../documents/reply.ts";
import { replyKey } from "../documents/reply.ts";
import { HELD_DUE_AT } from "../storage/alert-chat.repository.ts";
import { gatherRows, oldestGatherable } from "../storage/alert-outbox.repository.ts";
import type { AlertOutboxTable, AlertTables } from "../storage/alert-tables.ts";
import type { Database } from "../storage/database.ts";
import { getReply, type SaveOutcome } from "../storage/reply.repository.ts";
import {
  type ChatSettings,
  chatSettingsOf,
  DEFAULT_CHAT_SETTINGS,
  DEFAULT_GATHER_MS,
  DEFAULT_TIMEZONE,
  dueAt,
  gatheredDueAt,
} from "./alert-schedule.ts";
import { currentMatcher, LIVE_STATUSES } from "./matcher-cache.ts";
import { describeChanges } from "./revision-changes.ts";
import { matchableReply } from "./subscription-matcher.ts";

/**
 * The write side of alerts: inside the transaction that stores a reply, an
 * added or revised reply is matched against every live subscription and
 * one outbox row per (reply version, subscription) is inserted. The unique
 * constraint and `on conflict do nothing` make the insert idempotent, and the
 * transaction makes it all-or-nothing with the reply itself, whichever
 * process stores it. A chat's instant alerts are gathered for a moment
 * (`gatheredDueAt`), so the replies of one batch reach it as one message.
 */

/** Options for {@link enqueueAlerts}. */
export interface EnqueueOptions {
  /** Zone of the chats' digest hour and quiet hours. Default {@link DEFAULT_TIMEZONE}. */
  readonly timeZone?: string;
  /** The alert's creation time. Default `Date.now()`. */
  readonly now?: number;
  /**
   * Gather window of instant alerts (config `alertGatherMs`): a chat's new
   * instant alert and its other waiting ones become due together this long
   * after it, at most `GATHER_CAP_MS` after the oldest. 0: due at once.
   * Default {@link DEFAULT_GATHER_MS}.
   */
  readonly gatherMs?: number;
}

/** The stored version a revision replaces, read before it is replaced. */
export type PreviousVersion = ReplyDocument;

/** The outbox with a generated id, for inserting. */
type OutboxTables = {
  alert_outbox: Omit<AlertOutboxTable, "id" | "message_id"> & { id: Generated<number> };
};

type NewOutboxRow = Insertable<OutboxTables["alert_outbox"]>;

const tables = (db: Database) => db.withTables<AlertTables>();

/**
 * The stored version of `doc`'s reply when `doc` will revise it (same key,
 * other content hash); null for a new or unchanged reply. Call it in the
 * storing transaction before `saveReply` replaces the sections.
 */
export async function readPreviousVersion(
  trx: Database,
  doc: ReplyDocument,
  contentHash: string,
): Promise<PreviousVersion | null> {
  const row = await trx
    .selectFrom("reply")
    .select(["id", "content_hash"])
    .where("reply_key", "=", replyKey(doc))
    .executeTakeFirst();
  if (!row || row.content_hash === contentHash) return null;
  return (await getReply(trx, row.id)) ?? null;
}

/**
 * Inserts the outbox rows for a stored reply: one per active subscription it
 * matches, due by the chat's settings (a paused subscription's row is held
 * until the bot is re-added; an instant one joins the chat's gather window). Nothing for an unchanged reply. Returns
 * the number of rows inserted (rows already there are left alone).
 */
export async function enqueueAlerts(
  trx: Database,
  saved: { readonly outcome: SaveOutcome; readonly id: number },
  doc: ReplyDocument,
  previous: PreviousVersion | null,
  options: EnqueueOptions = {},
): Promise<number> {
  if (saved.outcome === "unchanged") return 0;
  const matcher = await currentMatcher(trx);
  if (!matcher) return 0;
  const matches = matcher.match(matchableReply(doc, saved.id));
  if (matches.length === 0) return 0;
  const version = await replyVersion(trx, saved.id);
  const subs = await activeSubscriptions(
    trx,
    matches.map((m) => m.subscriptionId),
  );
  if (subs.size === 0) return 0;
  const now = options.now ?? Date.now();
  const timeZone = options.timeZone ?? DEFAULT_TIMEZONE;
  const settings = await settingsOfChats(trx, [...subs.values()]);
  // Told as 已更新 only where the previous version matched too; to the others it is new.
  const matchedBefore = new Set(
    saved.outcome === "revised" && previous
      ? matcher.match(matchableReply(previous, saved.id)).map((m) => m.subscriptionId)
      : [],
  );
  const changes = previous ? JSON.stringify(describeChanges(previous, doc)) : null;
  const gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;
  const gathered: NewOutboxRow[] = [];
  const rows = matches.flatMap(({ subscriptionId, sectionPosition }): NewOutboxRow[] => {
    const sub = subs.get(subscriptionId);
    if (!sub) return [];
    const chat = settings.get(chatKey(sub.platform, sub.chat_id)) ?? DEFAULT_CHAT_SETTINGS;
    const due = sub.status === "paused" ? HELD_DUE_AT : dueAt(chat, now, timeZone);
    const revised = matchedBefore.has(subscriptionId);
    const row = outboxRow(saved.id, version, sub, {
      subscriptionId,
      sectionPosition,
      changes: revised ? changes : null,
      revised,
      due,
      now,
    });
    // Instant and due now (not held, not in quiet hours): gathered with the chat's others.
    if (gatherMs > 0 && chat.delivery === "instant" && due === now) gathered.push(row);
    return [row];
  });
  await gatherChats(trx, gathered, now, gatherMs);
  return insertRows(trx, rows);
}

/** One pending outbox row: a reply version for one subscription, due at `due`. */
function outboxRow(
  replyId: number,
  version: number,
  sub: SubscriptionTarget,
  row: {
    readonly subscriptionId: number;
    readonly sectionPosition: number | null;
    readonly changes: string | null;
    readonly revised: boolean;
    readonly due: number;
    readonly now: number;
  },
): NewOutboxRow {
  return {
    reply_id: replyId,
    reply_version: version,
    subscription_id: row.subscriptionId,
    platform: sub.platform,
    chat_id: sub.chat_id,
    thread_id: sub.thread_id,
    revised: row.revised ? 1 : 0,
    changes: row.changes,
    section_position: row.sectionPosition,
    state: "pending",
    due_at: row.due,
    attempts: 0,
    send_key: sendKey(replyId, version, row.subscriptionId),
    created_at: row.now,
  };
}

/**
 * Sets the due time of new instant rows by their chat's gather window
 * ({@link gatheredDueAt}) and moves the chat's other rows still in the window
 * to the same time, so one message carries them all. Before the insert: the
 * oldest waiting row is one already stored.
 */
async function gatherChats(
  trx: Database,
  rows: readonly NewOutboxRow[],
  now: number,
  gatherMs: number,
): Promise<void> {
  const latestDue = now + gatherMs;
  for (const platform of new Set(rows.map((r) => r.platform))) {
    const own = rows.filter((r) => r.platform === platform);
    const chatIds = [...new Set(own.map((r) => r.chat_id))];
    const oldest = await oldestGatherable(trx, platform, chatIds, latestDue);
    for (const row of own)
      row.due_at = gatheredDueAt(now, oldest.get(row.chat_id) ?? null, gatherMs);
    // Chats with rows waiting, by their new due time: one statement per distinct time.
    const byDue = new Map<number, string[]>();
    for (const [chatId, first] of oldest) {
      const at = gatheredDueAt(now, first, gatherMs);
      const chats = byDue.get(at);
      if (chats) chats.push(chatId);
      else byDue.set(at, [chatId]);
    }
    for (const [at, ids] of byDue) await gatherRows(trx, platform, ids, latestDue, at);
  }
}

/** The idempotency key of one alert: the same in every process, 40 hex characters (Feishu allows 50). */
export function sendKey(replyId: number, version: number, subscriptionId: number): string {
  return createHash("sha256")
    .update(`dafu-alert:${replyId}:${version}:${subscriptionId}`)
    .digest("hex")
    .slice(0, 40);
}

/** Rows per insert statement: 14 values each, well under SQLite's bound on parameters. */
const INSERT_CHUNK = 500;

async function insertRows(
  trx: Database,
  rows: readonly Insertable<OutboxTables["alert_outbox"]>[],
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const result = await trx
      .withTables<OutboxTables>()
      .insertInto("alert_outbox")
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(["reply_id", "reply_version", "subscription_id"]).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

async function replyVersion(trx: Database, id: number): Promise<number> {
  const row = await trx
    .selectFrom("reply")
    .select("version")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.version;
}

const ID_CHUNK = 900;

interface SubscriptionTarget {
  readonly platform: string;
  readonly chat_id: string;
  readonly thread_id: string | null;
  readonly status: string;
}

/** Where each still-live subscription delivers (read now: a chat may have moved since the matcher was built). */
async function activeSubscriptions(
  trx: Database,
  ids: readonly number[],
): Promise<Map<number, SubscriptionTarget>> {
  const out = new Map<number, SubscriptionTarget>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await tables(trx)
      .selectFrom("subscription")
      .select(["id", "platform", "chat_id", "thread_id", "status"])
      .where("id", "in", ids.slice(i, i + ID_CHUNK))
      .where("status", "in", LIVE_STATUSES)
      .execute();
    for (const row of rows) out.set(row.id, row);
  }
  return out;
}

const chatKey = (platform: string, chatId: string) => `${platform}\u0000${chatId}`;

/** Settings of the given chats that changed them (the others have the defaults). */
async function settingsOfChats(
  trx: Database,
  targets: readonly SubscriptionTarget[],
): Promise<Map<string, ChatSettings>> {
  const out = new Map<string, ChatSettings>();
  const byPlatform = new Map<string, Set<string>>();
  for (const t of targets)
    byPlatform.set(t.platform, (byPlatform.get(t.platform) ?? new Set()).add(t.chat_id));
  for (const [platform, chatSet] of byPlatform) {
    const chats = [...chatSet];
    for (let i = 0; i < chats.length; i += ID_CHUNK) {
      const rows = await tables(trx)
        .selectFrom("chat_settings")
        .selectAll()
        .where("platform", "=", platform)
        .where("chat_id", "in", chats.slice(i, i + ID_CHUNK))
        .execute();
      for (const row of rows) out.set(chatKey(platform, row.chat_id), chatSettingsOf(row));
    }
  }
  return out;
}

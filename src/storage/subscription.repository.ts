import type { Generated, Selectable } from "kysely";
import type { SubscriptionFilter } from "../alerts/alert-types.ts";
import {
  EMPTY_FILTER,
  filterFromJson,
  filterKey,
  filterToJson,
} from "../alerts/subscription-filter.ts";
import type { AlertOutboxTable, SubscriptionTable } from "./alert-tables.ts";
import { type Database, writeTransaction } from "./database.ts";

/**
 * Subscriptions: a chat's saved searches. Adding an identical active filter
 * in the same chat and topic returns the one already there; removing one
 * marks it inactive (reason `unsubscribed`, `status_at` set, so caches keyed
 * on the newest `status_at` notice) and drops its alerts still pending.
 */

/** A subscription's state: active, paused (Feishu bot removed, until re-added) or inactive. */
export type SubscriptionStatus = "active" | "paused" | "inactive";

/** A stored subscription. */
export interface Subscription {
  readonly id: number;
  readonly platform: string;
  readonly chatId: string;
  /** Forum topic (Telegram) the subscription was made in; alerts go there. */
  readonly threadId: string | null;
  /** The filter as typed. */
  readonly filterText: string;
  readonly filter: SubscriptionFilter;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly status: SubscriptionStatus;
  readonly statusReason: string | null;
  readonly statusAt: number | null;
}

/** What {@link addSubscription} stores. */
export type NewSubscription = Pick<
  Subscription,
  "platform" | "chatId" | "threadId" | "filterText" | "filter" | "createdBy"
>;

/** The subscription table with its id generated on insert. */
type SubscriptionRow = Omit<SubscriptionTable, "id"> & { id: Generated<number> };

const tables = (db: Database) =>
  db.withTables<{ subscription: SubscriptionRow; alert_outbox: AlertOutboxTable }>();

/**
 * Adds a subscription, or returns the live one (active, or paused until the
 * bot is back) with the same filter in the same chat and topic (`created: false`).
 */
export async function addSubscription(
  db: Database,
  input: NewSubscription,
  now = Date.now(),
): Promise<Subscription & { readonly created: boolean }> {
  const key = filterKey(input.filter);
  return writeTransaction(db, async (trx) => {
    let live = tables(trx)
      .selectFrom("subscription")
      .selectAll()
      .where("platform", "=", input.platform)
      .where("chat_id", "=", input.chatId)
      .where("status", "in", ["active", "paused"]);
    live =
      input.threadId === null
        ? live.where("thread_id", "is", null)
        : live.where("thread_id", "=", input.threadId);
    const rows = await live.orderBy("id").execute();
    const same = rows.map(toSubscription).find((s) => filterKey(s.filter) === key);
    if (same) return { ...same, created: false };
    const row = await tables(trx)
      .insertInto("subscription")
      .values({
        platform: input.platform,
        chat_id: input.chatId,
        thread_id: input.threadId,
        filter_text: input.filterText,
        filter_json: filterToJson(input.filter),
        created_by: input.createdBy,
        created_at: now,
        status: "active",
        status_reason: null,
        status_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...toSubscription(row), created: true };
  });
}

/** A chat's active and paused subscriptions, oldest first. */
export async function listSubscriptions(
  db: Database,
  platform: string,
  chatId: string,
): Promise<Subscription[]> {
  const rows = await tables(db)
    .selectFrom("subscription")
    .selectAll()
    .where("platform", "=", platform)
    .where("chat_id", "=", chatId)
    .where("status", "in", ["active", "paused"])
    .orderBy("id")
    .execute();
  return rows.map(toSubscription);
}

/** One subscription by id, whatever its status. */
export async function getSubscription(db: Database, id: number): Promise<Subscription | undefined> {
  const row = await tables(db)
    .selectFrom("subscription")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

/**
 * Ends one of a chat's subscriptions (by id); its pending alerts are
 * dropped. False when the chat has no live subscription with that id.
 */
export async function removeSubscription(
  db: Database,
  platform: string,
  chatId: string,
  id: number,
  now = Date.now(),
): Promise<boolean> {
  return (await removeWhere(db, platform, chatId, id, now)) > 0;
}

/** Ends every live subscription of a chat; returns how many. */
export async function removeAllSubscriptions(
  db: Database,
  platform: string,
  chatId: string,
  now = Date.now(),
): Promise<number> {
  return removeWhere(db, platform, chatId, null, now);
}

async function removeWhere(
  db: Database,
  platform: string,
  chatId: string,
  id: number | null,
  now: number,
): Promise<number> {
  return writeTransaction(db, async (trx) => {
    let live = tables(trx)
      .selectFrom("subscription")
      .select("id")
      .where("platform", "=", platform)
      .where("chat_id", "=", chatId)
      .where("status", "in", ["active", "paused"]);
    if (id !== null) live = live.where("id", "=", id);
    const ids = (await live.execute()).map((r) => r.id);
    if (ids.length === 0) return 0;
    await tables(trx)
      .updateTable("subscription")
      .set({ status: "inactive", status_reason: "unsubscribed", status_at: now })
      .where("id", "in", ids)
      .execute();
    await tables(trx)
      .updateTable("alert_outbox")
      .set({ state: "dropped", last_error: "unsubscribed" })
      .where("subscription_id", "in", ids)
      .where("state", "=", "pending")
      .execute();
    return ids.length;
  });
}

function toSubscription(row: Selectable<SubscriptionRow>): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    chatId: row.chat_id,
    threadId: row.thread_id,
    filterText: row.filter_text,
    filter: parseFilter(row.filter_json),
    createdBy: row.created_by,
    createdAt: row.created_at,
    status: row.status as SubscriptionStatus,
    statusReason: row.status_reason,
    statusAt: row.status_at,
  };
}

function parseFilter(json: string): SubscriptionFilter {
  try {
    return filterFromJson(json);
  } catch {
    // An unreadable filter matches nothing new; the row is still listed (and can be removed).
    return { ...EMPTY_FILTER, keywords: ["（无法读取的订阅条件）"] };
  }
}

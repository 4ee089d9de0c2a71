import { sql } from "kysely";
import type { AlertTables } from "../storage/alert-tables.ts";
import type { Database } from "../storage/database.ts";
import type { SubscriptionFilter } from "./alert-types.ts";
import { filterFromJson } from "./subscription-filter.ts";
import { SubscriptionMatcher } from "./subscription-matcher.ts";

/**
 * The subscription matcher of each database, kept across stored replies:
 * 100,000 subscriptions are not read and compiled per file. One aggregate
 * over the subscriptions, read in the storing transaction, tells whether they
 * changed; when only new ones were added they alone are read, otherwise every
 * live one is compared with what the matcher holds.
 */

/**
 * Subscriptions that get alerts: active ones, and paused ones (Feishu bot
 * removed), whose rows are held until the bot is re-added.
 */
export const LIVE_STATUSES = ["active", "paused"];

/** What the aggregate reads: rows, live-id sum and latest status change, up to an id. */
interface Summary {
  readonly rows: number;
  readonly liveIdSum: number;
  readonly lastStatusAt: number;
  readonly maxId: number;
}

interface MatcherCache {
  summary: Summary;
  readonly matcher: SubscriptionMatcher;
  /** The JSON each live subscription's filter was read from. */
  readonly json: Map<number, string>;
}

const caches = new Map<string, MatcherCache>();
const tables = (db: Database) => db.withTables<AlertTables>();

/** The matcher over the live subscriptions, up to date in `trx`; null when none is live. */
export async function currentMatcher(trx: Database): Promise<SubscriptionMatcher | null> {
  const { dbId, summary } = await summarize(trx, null);
  let cache = caches.get(dbId);
  if (!cache) {
    // One entry per database; a process normally has one, tests open many.
    if (caches.size >= 8) caches.delete(caches.keys().next().value ?? "");
    cache = { summary: EMPTY, matcher: new SubscriptionMatcher([]), json: new Map() };
    caches.set(dbId, cache);
  }
  if (!same(cache.summary, summary)) {
    const old = cache.summary;
    // Only additions: the rows up to the old largest id look exactly as they did.
    const appended =
      old !== EMPTY && same((await summarize(trx, old.maxId)).summary, old)
        ? await liveRows(trx, old.maxId)
        : null;
    if (appended) for (const row of appended) put(cache, row.id, row.filter_json);
    else replaceAll(cache, await liveRows(trx, null));
    cache.summary = summary;
  }
  return cache.json.size > 0 ? cache.matcher : null;
}

const EMPTY: Summary = { rows: -1, liveIdSum: 0, lastStatusAt: 0, maxId: 0 };

async function summarize(
  trx: Database,
  upToId: number | null,
): Promise<{ dbId: string; summary: Summary }> {
  const { rows } = await sql<{ dbId: string | null } & Summary>`
    select (select value from meta where key = 'database_id') as dbId,
           count(*) as rows, coalesce(max(id), 0) as maxId,
           coalesce(max(status_at), 0) as lastStatusAt,
           total(case when status in (${sql.join(LIVE_STATUSES)}) then id end) as liveIdSum
      from subscription where ${upToId === null ? sql`1 = 1` : sql`id <= ${upToId}`}`.execute(trx);
  const row = rows[0];
  return {
    dbId: row?.dbId ?? "",
    summary: {
      rows: Number(row?.rows ?? 0),
      liveIdSum: Number(row?.liveIdSum ?? 0),
      lastStatusAt: Number(row?.lastStatusAt ?? 0),
      maxId: Number(row?.maxId ?? 0),
    },
  };
}

function same(a: Summary, b: Summary): boolean {
  return (
    a.rows === b.rows &&
    a.liveIdSum === b.liveIdSum &&
    a.lastStatusAt === b.lastStatusAt &&
    a.maxId === b.maxId
  );
}

async function liveRows(trx: Database, afterId: number | null) {
  return tables(trx)
    .selectFrom("subscription")
    .select(["id", "filter_json"])
    .where("status", "in", LIVE_STATUSES)
    .$if(afterId !== null, (q) => q.where("id", ">", afterId ?? 0))
    .execute();
}

/** Compares every live subscription with what the matcher holds: adds, changes and removes. */
function replaceAll(
  cache: MatcherCache,
  rows: readonly { readonly id: number; readonly filter_json: string }[],
): void {
  const live = new Set<number>();
  for (const { id, filter_json: json } of rows) {
    live.add(id);
    put(cache, id, json);
  }
  for (const id of cache.json.keys()) {
    if (live.has(id)) continue;
    cache.matcher.remove(id);
    cache.json.delete(id);
  }
}

function put(cache: MatcherCache, id: number, json: string): void {
  if (cache.json.get(id) === json) return;
  const filter = readFilter(json);
  if (filter) cache.matcher.add(id, filter);
  else cache.matcher.remove(id);
  cache.json.set(id, json);
}

/** A stored filter; null when it cannot be read (it matches nothing; /subscriptions asks to subscribe again). */
function readFilter(json: string): SubscriptionFilter | null {
  try {
    return filterFromJson(json);
  } catch {
    return null;
  }
}

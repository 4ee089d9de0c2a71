import { type Generated, type Selectable, sql } from "kysely";
import type { Database } from "./database.ts";

/**
 * Disclosure columns the poller follows and the pages it has seen
 * (migration 0009). Times are epoch milliseconds.
 */

/** A followed listing address. */
export interface SourceTableColumns {
  id: Generated<number>;
  address: string;
  created_at: number;
  /** When the last poll round began. */
  last_round_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  consecutive_failures: Generated<number>;
  /** Not polled before this time (the interval, or a back-off after failures). */
  next_poll_at: Generated<number>;
  /** The poller holding the source for a round, until `claim_until`. */
  claimed_by: string | null;
  claim_until: number | null;
  /** Replies added or revised from this source's pages, all time. */
  replies_ingested: Generated<number>;
}

/** A source row as read. */
export type SourceTable = Selectable<SourceTableColumns>;

/** What a page turned out to be. */
export type PageKind = "listing" | "reply" | "not_reply" | "skipped" | "failed";

/** A page seen on a source. */
export interface SourcePageColumns {
  id: Generated<number>;
  address: string;
  source_id: number;
  kind: string;
  etag: string | null;
  last_modified: string | null;
  /** sha256 of the response bytes. */
  body_hash: string | null;
  /** Content hash of the parsed reply (as `storeReply` computes it), for reply pages. */
  doc_hash: string | null;
  reply_key: string | null;
  /** Listing pages: JSON {links, next} as read from the page. */
  links: string | null;
  last_fetched_at: number | null;
  /** HTTP status, or why the page was skipped. */
  last_status: string | null;
}

/** A page row as read. */
export type SourcePageTable = Selectable<SourcePageColumns>;

/** Table types for {@link Database.withTables}. */
export type SourceTables = {
  source: SourceTableColumns;
  source_page: SourcePageColumns;
};

const tables = (db: Database) => db.withTables<SourceTables>();

/** Makes sure every address has a row; returns the rows in the order given. */
export async function ensureSources(
  db: Database,
  addresses: readonly string[],
  now = Date.now(),
): Promise<SourceTable[]> {
  const t = tables(db);
  for (const address of addresses) {
    await t
      .insertInto("source")
      .values({ address, created_at: now })
      .onConflict((oc) => oc.column("address").doNothing())
      .execute();
  }
  if (addresses.length === 0) return [];
  const rows = await t.selectFrom("source").selectAll().where("address", "in", addresses).execute();
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  return addresses.flatMap((a) => byAddress.get(a) ?? []);
}

/** How a round may claim a source. */
export interface ClaimRule {
  readonly by: string;
  readonly now: number;
  readonly leaseMs: number;
  /**
   * Claim only when due (`next_poll_at` passed, or, for a source not backed
   * off, `intervalMs` since its last round began: a shorter interval set at
   * restart holds at once); otherwise only when not backed off and no round
   * began since `since`.
   */
  readonly mode: { due: true; intervalMs?: number } | { due: false; since: number };
}

/**
 * Claims a source for one poll round, atomically: a single conditional
 * update, so of several pollers (threads or processes) at most one wins.
 * Returns false when another holds it, or it is not due.
 */
export async function claimSource(db: Database, id: number, rule: ClaimRule): Promise<boolean> {
  let q = tables(db)
    .updateTable("source")
    .set({ claimed_by: rule.by, claim_until: rule.now + rule.leaseMs, last_round_at: rule.now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("claim_until", "is", null), eb("claim_until", "<", rule.now)]));
  if (rule.mode.due) {
    const lastBefore = rule.now - (rule.mode.intervalMs ?? rule.now);
    q = q.where((eb) =>
      eb.or([
        eb("next_poll_at", "<=", rule.now),
        eb.and([eb("consecutive_failures", "=", 0), eb("last_round_at", "<=", lastBefore)]),
      ]),
    );
  } else {
    const since = rule.mode.since;
    q = q
      .where((eb) =>
        eb.or([eb("consecutive_failures", "=", 0), eb("next_poll_at", "<=", rule.now)]),
      )
      .where((eb) => eb.or([eb("last_round_at", "is", null), eb("last_round_at", "<", since)]));
  }
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends a held claim; false when it was lost (expired and taken by another poller). */
export async function renewClaim(
  db: Database,
  id: number,
  by: string,
  until: number,
): Promise<boolean> {
  const result = await tables(db)
    .updateTable("source")
    .set({ claim_until: until })
    .where("id", "=", id)
    .where("claimed_by", "=", by)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a round: records its outcome, schedules the next one and releases the claim. */
export async function finishRound(
  db: Database,
  id: number,
  by: string,
  outcome: { ok: true; at: number; nextAt: number; ingested: number } | FailedRound,
): Promise<void> {
  const common = { claimed_by: null, claim_until: null, next_poll_at: outcome.nextAt };
  const done = outcome.ok
    ? { ...common, last_success_at: outcome.at, consecutive_failures: 0 }
    : {
        ...common,
        last_error: outcome.error,
        last_error_at: outcome.at,
        consecutive_failures: outcome.failures,
      };
  await tables(db)
    .updateTable("source")
    .set({ ...done, replies_ingested: sql<number>`replies_ingested + ${outcome.ingested}` })
    .where("id", "=", id)
    .where("claimed_by", "=", by)
    .execute();
}

/** A round that failed. */
export interface FailedRound {
  readonly ok: false;
  readonly at: number;
  readonly nextAt: number;
  readonly error: string;
  readonly failures: number;
  readonly ingested: number;
}

/** The pages already seen at these addresses, by address. */
export async function knownPages(
  db: Database,
  addresses: readonly string[],
): Promise<Map<string, SourcePageTable>> {
  const out = new Map<string, SourcePageTable>();
  // SQLite limits bound parameters per statement: ask in chunks.
  for (let i = 0; i < addresses.length; i += 500) {
    const chunk = addresses.slice(i, i + 500);
    const rows = await tables(db)
      .selectFrom("source_page")
      .selectAll()
      .where("address", "in", chunk)
      .execute();
    for (const row of rows) out.set(row.address, row);
  }
  return out;
}

/** A page's row as the poller writes it. */
export type PageRecord = Omit<SourcePageTable, "id">;

/** Inserts or replaces what is known about one page. */
export async function savePage(db: Database, page: PageRecord): Promise<void> {
  const { address, ...rest } = page;
  await tables(db)
    .insertInto("source_page")
    .values(page)
    .onConflict((oc) => oc.column("address").doUpdateSet(rest))
    .execute();
}

/** One source as `sources` lists it. */
export interface SourceStatus extends SourceTable {
  readonly pagesKnown: number;
  readonly replyPages: number;
}

/** The state of the given sources (in that order), with page counts. */
export async function sourceStatuses(
  db: Database,
  addresses: readonly string[],
): Promise<SourceStatus[]> {
  const rows = await ensureSources(db, addresses);
  if (rows.length === 0) return [];
  const counts = await tables(db)
    .selectFrom("source_page")
    .select((eb) => [
      "source_id",
      eb.fn.countAll<number>().as("pages"),
      eb.fn.sum<number>(sql`case when kind = 'reply' then 1 else 0 end`).as("replies"),
    ])
    .where("kind", "!=", "listing")
    .where(
      "source_id",
      "in",
      rows.map((r) => r.id),
    )
    .groupBy("source_id")
    .execute();
  const bySource = new Map(counts.map((c) => [c.source_id, c]));
  return rows.map((r) => ({
    ...r,
    pagesKnown: Number(bySource.get(r.id)?.pages ?? 0),
    replyPages: Number(bySource.get(r.id)?.replies ?? 0),
  }));
}

/** Gives a claim back without recording a round (the poller is shutting down mid-round). */
export async function releaseClaim(db: Database, id: number, by: string): Promise<void> {
  await tables(db)
    .updateTable("source")
    .set({ claimed_by: null, claim_until: null })
    .where("id", "=", id)
    .where("claimed_by", "=", by)
    .execute();
}

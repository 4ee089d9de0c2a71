import { sql } from "kysely";
import type { ProposalKind } from "../documents/proposal-number.ts";
import type { Database } from "./database.ts";
import { type ReplySummary, toSummary } from "./reply.repository.ts";

/** Listing replies newest first, filtered by year, kind, place and issuer. */

/** Filters for {@link listReplies}. */
export interface ReplyListFilter {
  readonly year?: number;
  /** Keep replies whose issuer, in the reply's place, passes this test. */
  readonly issuer?: (issuer: string, place: string | null) => boolean;
  /** Keep replies whose place or issuer contains this text (a place stem: 通山, 武侯). */
  readonly place?: string;
  readonly proposalKind?: ProposalKind;
  /** Default 20; no upper cap. */
  readonly limit?: number;
}

/** Replies newest first (by signing date, then id). */
export async function listReplies(
  db: Database,
  filter: ReplyListFilter = {},
): Promise<ReplySummary[]> {
  let query = db.selectFrom("reply").selectAll().orderBy("signed_on", "desc").orderBy("id", "desc");
  if (filter.year) query = query.where("signed_on", "like", `${filter.year}-%`);
  if (filter.proposalKind) query = query.where("proposal_kind", "=", filter.proposalKind);
  if (filter.place) {
    const like = `%${filter.place}%`;
    query = query.where((eb) => eb.or([eb("place", "like", like), eb("issuer", "like", like)]));
  }
  if (filter.issuer) {
    const pairs = await matchingIssuerPlaces(db, filter.issuer);
    if (pairs.length === 0) return [];
    // One parameter however many pairs: a statement of hundreds of ORs took longer to prepare and scan.
    const list = JSON.stringify(pairs.map(({ issuer, place }) => [issuer, place]));
    query = query.where(
      sql<boolean>`exists (select 1 from json_each(${list}) as pair where pair.value ->> 0 = reply.issuer and (pair.value ->> 1) is reply.place)`,
    );
  }
  const rows = await query.limit(filter.limit ?? 20).execute();
  return rows.map(toSummary);
}

/** Distinct issuer names that pass `test` (there are few issuers, many replies). */
export async function matchingIssuers(
  db: Database,
  test: (issuer: string, place: string | null) => boolean,
): Promise<string[]> {
  const pairs = await matchingIssuerPlaces(db, test);
  return [...new Set(pairs.map((p) => p.issuer))];
}

/** Distinct (issuer, place) pairs that pass `test`: 县交通运输局 of one county is not another's. */
async function matchingIssuerPlaces(
  db: Database,
  test: (issuer: string, place: string | null) => boolean,
): Promise<{ issuer: string; place: string | null }[]> {
  const rows = await db
    .selectFrom("reply")
    .select(["issuer", "place"])
    .distinct()
    .where("issuer", "is not", null)
    .execute();
  return rows
    .filter((r): r is { issuer: string; place: string | null } => r.issuer !== null)
    .filter((r) => test(r.issuer, r.place));
}

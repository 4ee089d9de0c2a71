import type { ProposalKind } from "../documents/proposal-number.ts";
import { parseSession } from "../documents/proposal-number.ts";
import type { Database } from "./database.ts";
import { type ReplySummary, toSummary } from "./reply.repository.ts";
import type { ReplyRow } from "./schema.ts";

/** Finding the replies to one proposal: by its number's comparable key, or by its title in a place. */

/** A reply summary with its session parsed, as proposal lookups compare them. */
export type ProposalCandidate = ReplySummary & { sessionParts: ReturnType<typeof parseSession> };

/**
 * Replies to proposals whose number has this comparable form
 * ({@link proposalNumberKey}: `36`, `丽15`, `A78`), optionally of one kind.
 */
export async function findByProposalNumber(
  db: Database,
  numberKey: string,
  kind: ProposalKind | null,
): Promise<ProposalCandidate[]> {
  let query = db.selectFrom("reply").selectAll().where("proposal_key", "=", numberKey);
  if (kind) query = query.where("proposal_kind", "=", kind);
  const rows = await query.execute();
  return rows.map(withSession);
}

/** Replies of one place to a proposal with this exact title (of this kind, when given). */
export async function findByTitleInPlace(
  db: Database,
  title: string,
  place: string,
  kind: ProposalKind | null,
): Promise<ProposalCandidate[]> {
  let query = db
    .selectFrom("reply")
    .selectAll()
    .where("proposal_title", "=", title)
    .where("place", "=", place);
  if (kind) query = query.where("proposal_kind", "=", kind);
  const rows = await query.execute();
  return rows.map(withSession);
}

function withSession(row: ReplyRow): ProposalCandidate {
  return { ...toSummary(row), sessionParts: row.session ? sessionOf(row.session) : null };
}

/** Sessions parsed, by text: a number common to many places brings back hundreds of rows of few sessions. */
const sessions = new Map<string, ReturnType<typeof parseSession>>();
const SESSIONS_KEPT = 10_000;

function sessionOf(text: string): ReturnType<typeof parseSession> {
  let parts = sessions.get(text);
  if (parts === undefined) {
    if (sessions.size >= SESSIONS_KEPT) sessions.clear();
    parts = parseSession(text);
    sessions.set(text, parts);
  }
  return parts;
}

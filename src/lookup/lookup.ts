import type { DocNumberParts } from "../documents/doc-number.ts";
import { normalizeReference } from "../documents/doc-number.ts";
import { issuerMatches } from "../documents/issuer-match.ts";
import {
  type ProposalReference,
  parseSession,
  proposalNumberKey,
  type SessionQuery,
  sessionMatches,
} from "../documents/proposal-number.ts";
import { isCoHandling } from "../documents/reply.ts";
import { ancestry, divisionsNamed } from "../places/division-data.ts";
import type { Database } from "../storage/database.ts";
import {
  findByDocNumber,
  findByDocYearSerial,
  findByProposalNumber,
  findByTitleInPlace,
  findNearDocNumbers,
  getReply,
  type ProposalCandidate,
  type ReplySummary,
  type StoredReply,
} from "../storage/reply.repository.ts";
import { groupByProposal } from "./proposal-groups.ts";
import { parseReference } from "./reference.ts";

export { parseReference, type Reference } from "./reference.ts";
export { replyLabel, replyLine, shortLabel } from "./reply-label.ts";

/** The outcome of a lookup. A miss never returns a document, only suggestions. */
export type LookupResult =
  | {
      readonly found: true;
      readonly reply: StoredReply;
      /** Other bodies of the same place answering the same proposal (主办 答复 + 会办/协办意见). */
      readonly related: readonly ReplySummary[];
    }
  | {
      readonly found: false;
      readonly reason: "not_found";
      readonly suggestions: readonly ReplySummary[];
    }
  | {
      readonly found: false;
      readonly reason: "ambiguous";
      /** One reply per place and session that matches; the user picks. */
      readonly candidates: readonly ReplySummary[];
      readonly suggestions: readonly ReplySummary[];
    };

/** At most this many near matches are suggested. */
const MAX_SUGGESTIONS = 5;

/** Looks up a reply by 文号 or proposal number; null when `text` is not a reference at all. */
export async function lookupReference(db: Database, text: string): Promise<LookupResult | null> {
  const reference = parseReference(text);
  if (!reference) return null;
  return reference.kind === "docNumber"
    ? lookupDocNumber(db, reference.parts)
    : lookupProposal(db, reference.proposal, reference.place, reference.issuer ?? null);
}

async function lookupDocNumber(db: Database, parts: DocNumberParts): Promise<LookupResult> {
  if (parts.prefix === "") {
    const matches = await findByDocYearSerial(db, parts.year, parts.serial, parts.sub ?? null);
    return pick(db, matches, []);
  }
  const exact = await findByDocNumber(db, parts);
  if (exact) return found(db, exact.id);
  const near = await findNearDocNumbers(db, parts, MAX_SUGGESTIONS);
  const otherPrefix = await findByDocYearSerial(db, parts.year, parts.serial, parts.sub ?? null);
  return notFound(unique([...near, ...otherPrefix]));
}

/** One match is found, several are ambiguous, none is not found (with `fallback` as suggestions). */
async function pick(
  db: Database,
  matches: readonly ReplySummary[],
  fallback: readonly ReplySummary[],
): Promise<LookupResult> {
  const [only] = matches;
  if (matches.length === 1 && only) return found(db, only.id);
  if (matches.length > 1)
    return { found: false, reason: "ambiguous", candidates: matches, suggestions: matches };
  return notFound(fallback);
}

function notFound(suggestions: readonly ReplySummary[]): LookupResult {
  return { found: false, reason: "not_found", suggestions: suggestions.slice(0, MAX_SUGGESTIONS) };
}

/**
 * Replies to the proposal, narrowed by the session, place and issuer typed, grouped
 * by place and session: one group is found (its lead reply, the rest
 * related), several are ambiguous, never a silent choice across places.
 */
async function lookupProposal(
  db: Database,
  ref: ProposalReference,
  place: string | null,
  issuer: string | null,
): Promise<LookupResult> {
  const candidates = await findByProposalNumber(db, ref.number, ref.kind);
  const { session } = ref;
  const matching = candidates.filter(
    (c) =>
      (!session || storedSessionMatches(c, session)) &&
      (!place || inPlace(c, place)) &&
      (!issuer || issuedBy(c, issuer)),
  );
  const leads = groupByProposal(matching)
    .map(leadReply)
    .filter((r) => r !== undefined);
  return pick(db, leads, candidates);
}

/**
 * True when the reply's session is the one typed. A reply that names no
 * session matches only a typed body without term (`宁德市政协第17号提案`):
 * a typed term it cannot confirm is no match.
 */
function storedSessionMatches(c: ProposalCandidate, typed: SessionQuery): boolean {
  if (c.sessionParts) return sessionMatches(c.sessionParts, typed);
  return c.session === null && typed.term === null && typed.meeting === null;
}

/**
 * True when the reply belongs to, or was issued in, the place whose stem was
 * typed: its place or issuer names it (通山 → 通山县), or its place lies within
 * it (成都 or 四川 → 武侯区) whichever of the divisions so named it is.
 */
export function inPlace(
  reply: Pick<ReplySummary, "place" | "issuer" | "issuers">,
  stem: string,
): boolean {
  const names = [reply.place, reply.issuer, ...reply.issuers].filter((n) => n !== null);
  if (names.some((n) => normalizeReference(n).includes(stem))) return true;
  const divisions = reply.place ? divisionsNamed(reply.place) : [];
  return (
    divisions.length > 0 && divisions.every((d) => ancestry(d).some((a) => a.name.includes(stem)))
  );
}

/** True when one of the bodies signing the reply is the one typed (通山交通局 → 通山县交通运输局). */
function issuedBy(
  reply: Pick<ReplySummary, "place" | "issuer" | "issuers">,
  typed: string,
): boolean {
  const names = new Set([reply.issuer, ...reply.issuers].filter((n) => n !== null));
  return [...names].some((n) => issuerMatches(n, typed, { issuerPlace: reply.place }));
}

/** The lead office's reply (答复/复函/答复的函) of a group, else its first. */
function leadReply(group: readonly ProposalCandidate[]): ProposalCandidate | undefined {
  return group.find((r) => !isCoHandling(r.replyKind)) ?? group[0];
}

/** Loads a reply and the replies of other bodies of its place to the same proposal. */
async function found(db: Database, id: number): Promise<LookupResult> {
  const reply = await getReply(db, id);
  if (!reply) return notFound([]);
  return { found: true, reply, related: await relatedReplies(db, reply) };
}

/**
 * Other replies to the same proposal in the same place ({@link groupByProposal}):
 * replies with the same number from another place or session are never related.
 */
export async function relatedReplies(db: Database, reply: StoredReply): Promise<ReplySummary[]> {
  const key = reply.proposalNumber ? proposalNumberKey(reply.proposalNumber) : null;
  const siblings = key ? await findByProposalNumber(db, key, reply.proposalKind) : [];
  const group = groupByProposal(siblings).find((g) => g.some((s) => s.id === reply.id)) ?? [];
  const related = new Map(group.map((s) => [s.id, s as ReplySummary]));
  for (const mate of await titleMates(db, reply)) related.set(mate.id, mate);
  related.delete(reply.id);
  return [...related.values()];
}

/**
 * Replies of the same place to a proposal of the same title and session where
 * one side prints no proposal number (a 会办意见 naming the proposal by title only).
 */
async function titleMates(db: Database, reply: StoredReply): Promise<ProposalCandidate[]> {
  if (!reply.proposalTitle || !reply.place) return [];
  const mates = await findByTitleInPlace(db, reply.proposalTitle, reply.place, reply.proposalKind);
  const session = reply.session ? parseSession(reply.session) : null;
  return mates.filter(
    (m) =>
      (reply.proposalNumber === null || m.proposalNumber === null) &&
      (!session || !m.sessionParts || sessionMatches(m.sessionParts, session)),
  );
}

function unique(replies: readonly ReplySummary[]): ReplySummary[] {
  const seen = new Set<number>();
  return replies.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

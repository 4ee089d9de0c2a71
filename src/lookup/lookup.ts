import { type DocNumberParts, parseTypedDocNumber } from "../documents/doc-number.ts";
import {
  type ProposalReference,
  parseProposalReference,
  type SessionKey,
  sessionMatches,
} from "../documents/proposal-number.ts";
import type { Database } from "../storage/database.ts";
import {
  findByDocNumber,
  findByDocYearSerial,
  findByProposalNumber,
  findNearDocNumbers,
  getReply,
  type ReplySummary,
  type StoredReply,
} from "../storage/reply.repository.ts";

/** A reference parsed from what a user typed. */
export type Reference =
  | { readonly kind: "docNumber"; readonly parts: DocNumberParts }
  | { readonly kind: "proposal"; readonly proposal: ProposalReference };

/** The outcome of a lookup. A miss never returns a document, only suggestions. */
export type LookupResult =
  | { readonly found: true; readonly reply: StoredReply; readonly related: readonly ReplySummary[] }
  | {
      readonly found: false;
      readonly reason: "not_found" | "ambiguous";
      readonly suggestions: readonly ReplySummary[];
    };

/** At most this many near matches are suggested. */
const MAX_SUGGESTIONS = 5;

/** Parses a 文号 or a proposal number; null when the text is neither. */
export function parseReference(text: string): Reference | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return null;
  const parts = parseTypedDocNumber(trimmed);
  if (parts) return { kind: "docNumber", parts };
  const proposal = parseProposalReference(trimmed);
  return proposal ? { kind: "proposal", proposal } : null;
}

/** Looks up a reply by 文号 or proposal number; null when `text` is not a reference at all. */
export async function lookupReference(db: Database, text: string): Promise<LookupResult | null> {
  const reference = parseReference(text);
  if (!reference) return null;
  return reference.kind === "docNumber"
    ? lookupDocNumber(db, reference.parts)
    : lookupProposal(db, reference.proposal);
}

async function lookupDocNumber(db: Database, parts: DocNumberParts): Promise<LookupResult> {
  const exact = await findByDocNumber(db, parts);
  if (exact) return found(db, exact.id);
  const near = await findNearDocNumbers(db, parts, MAX_SUGGESTIONS);
  const otherPrefix = await findByDocYearSerial(db, parts.year, parts.serial);
  return {
    found: false,
    reason: "not_found",
    suggestions: unique([...near, ...otherPrefix]).slice(0, MAX_SUGGESTIONS),
  };
}

async function lookupProposal(db: Database, ref: ProposalReference): Promise<LookupResult> {
  const candidates = await findByProposalNumber(db, ref.number, ref.kind);
  const { session } = ref;
  const matching = session
    ? candidates.filter((c) => c.sessionParts && sessionMatches(c.sessionParts, session))
    : candidates;
  const groups = new Map<string, ReplySummary[]>();
  for (const c of matching) {
    const key = sessionKeyText(c.sessionParts) ?? c.session ?? "";
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  if (groups.size === 1) {
    const group = [...groups.values()][0] ?? [];
    const main = group.find((r) => r.replyKind === "答复") ?? group[0];
    if (main) return found(db, main.id);
  }
  if (groups.size > 1) {
    return {
      found: false,
      reason: "ambiguous",
      suggestions: [...groups.values()].map((g) => g[0] as ReplySummary),
    };
  }
  return { found: false, reason: "not_found", suggestions: candidates.slice(0, MAX_SUGGESTIONS) };
}

/** Loads a reply and the other replies to the same proposal (e.g. its 会办意见). */
async function found(db: Database, id: number): Promise<LookupResult> {
  const reply = await getReply(db, id);
  if (!reply) return { found: false, reason: "not_found", suggestions: [] };
  const siblings = reply.proposalNumber
    ? await findByProposalNumber(db, Number(reply.proposalNumber), reply.proposalKind)
    : [];
  const session = siblings.find((s) => s.id === id)?.sessionParts ?? null;
  const related = siblings.filter(
    (s) =>
      s.id !== id &&
      session !== null &&
      s.sessionParts !== null &&
      sessionMatches(s.sessionParts, session),
  );
  return { found: true, reply, related };
}

function sessionKeyText(s: SessionKey | null): string | null {
  return s ? `${s.level ?? ""}${s.body}${s.term}-${s.meeting}` : null;
}

function unique(replies: readonly ReplySummary[]): ReplySummary[] {
  const seen = new Set<number>();
  return replies.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** A short label for a reply: its 文号, else its session and proposal number. */
export function replyLabel(
  r: Pick<ReplySummary, "docNumber" | "session" | "proposalNumber" | "proposalKind">,
): string {
  return r.docNumber ?? `${r.session ?? ""}第${r.proposalNumber ?? "?"}号${r.proposalKind ?? ""}`;
}

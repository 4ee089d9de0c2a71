import type { SessionKey } from "../documents/proposal-number.ts";
import type { ProposalCandidate } from "../storage/reply.repository.ts";

/**
 * Which replies answer one and the same proposal: replies with the same
 * proposal number and kind, from the same place and session. A reply that
 * names no session (a 会办意见 citing only 第0156号建议) joins its place's group
 * when that place has exactly one; replies of another place never join.
 */
export function groupByProposal(candidates: readonly ProposalCandidate[]): ProposalCandidate[][] {
  const groups = new Map<string, ProposalCandidate[]>();
  const add = (key: string, c: ProposalCandidate) =>
    groups.set(key, [...(groups.get(key) ?? []), c]);
  const sessionless: ProposalCandidate[] = [];
  for (const c of candidates) {
    if (c.session === null && c.place !== null) sessionless.push(c);
    else add(groupKey(c, sessionText(c)), c);
  }
  for (const c of sessionless) {
    const ofPlace = [...groups.keys()].filter((k) => k.startsWith(groupKey(c, "")));
    add(ofPlace.length === 1 && ofPlace[0] ? ofPlace[0] : groupKey(c, ""), c);
  }
  return [...groups.values()];
}

function groupKey(c: ProposalCandidate, session: string): string {
  return `${c.place ?? ""}|${c.proposalKind ?? ""}|${session}`;
}

function sessionText(c: ProposalCandidate): string {
  return sessionKeyText(c.sessionParts) ?? c.session ?? "";
}

function sessionKeyText(s: SessionKey | null): string | null {
  return s ? `${s.level ?? ""}${s.body}${s.term}-${s.meeting}` : null;
}

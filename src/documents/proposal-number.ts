import { parseChineseNumber } from "../text/chinese-numerals.ts";
import { normalizeReference } from "./doc-number.ts";

/**
 * Proposal numbers (第0539号提案, 0682号代表建议) and the sessions they belong
 * to (市政协十四届一次会议, 市十六届人大二次会议).
 */

/**
 * 建议 comes from a people's congress deputy (人大代表), 议案 is a deputies'
 * bill-like motion, 提案 comes from a CPPCC member (政协委员).
 */
export type ProposalKind = "建议" | "提案" | "议案";

/** A session reduced to comparable parts; `level` is null when the text does not say. */
export interface SessionKey {
  readonly body: "人大" | "政协";
  readonly level: string | null;
  readonly term: number;
  readonly meeting: number;
}

/** A proposal reference parsed from what a user typed. */
export interface ProposalReference {
  readonly number: number;
  readonly kind: ProposalKind | null;
  readonly session: SessionKey | null;
}

const NUMBER = "(\\d+|[一二三四五六七八九十]+)";

/** Parses a session name in any of its usual spellings; null when it names no 人大/政协 session. */
export function parseSession(text: string): SessionKey | null {
  const s = normalizeReference(text);
  const body = /政协|政治协商/.test(s) ? "政协" : /人大|人民代表大会/.test(s) ? "人大" : null;
  if (!body) return null;
  const term = new RegExp(`第?${NUMBER}届`).exec(s);
  const meeting = new RegExp(`第?${NUMBER}次(?:全体)?会议`).exec(s);
  const termNo = term ? parseChineseNumber(term[1] ?? "") : null;
  const meetingNo = meeting ? parseChineseNumber(meeting[1] ?? "") : null;
  if (termNo === null || meetingNo === null) return null;
  const level = /全国/.test(s)
    ? "全国"
    : /^(?:上海)?市|上海市/.test(s)
      ? "市"
      : /区/.test(s)
        ? "区"
        : /县/.test(s)
          ? "县"
          : null;
  return { body, level, term: termNo, meeting: meetingNo };
}

/** The kind a session implies: 人大 sessions receive 建议, 政协 sessions receive 提案. */
export function kindOfSession(session: SessionKey): ProposalKind {
  return session.body === "人大" ? "建议" : "提案";
}

/** What people type for a proposal; each needs a kind, or 第…号, so a bare number is never one. */
const TYPED_PROPOSAL: readonly RegExp[] = [
  // [session] 第0539号提案, 0682号代表建议
  /^(?<session>.*?会议)?第?(?<num>\d{1,5})号?(?<kind>代表建议|人大建议|建议|政协提案|委员提案|提案)$/,
  // [session] 第0297号
  /^(?<session>.*?会议)?第(?<num>\d{1,5})号$/,
  // 提案第0539号, 建议0682号
  /^(?<session>.*?会议)?(?<kind>代表建议|建议|提案)第?(?<num>\d{1,5})号?$/,
];

/** Parses a typed proposal reference; null when the text is not one. */
export function parseProposalReference(text: string): ProposalReference | null {
  const s = normalizeReference(text);
  for (const pattern of TYPED_PROPOSAL) {
    const groups = pattern.exec(s)?.groups;
    if (!groups) continue;
    const session = groups.session ? parseSession(groups.session) : null;
    if (groups.session && !session) return null;
    const kindText = groups.kind ?? "";
    const kind: ProposalKind | null = kindText.includes("提案")
      ? "提案"
      : kindText.includes("建议")
        ? "建议"
        : session
          ? kindOfSession(session)
          : null;
    return { number: Number(groups.num), kind, session };
  }
  return null;
}

/** True when a stored session matches the one a user typed (a missing level matches any). */
export function sessionMatches(stored: SessionKey, typed: SessionKey): boolean {
  return (
    stored.body === typed.body &&
    stored.term === typed.term &&
    stored.meeting === typed.meeting &&
    (typed.level === null || stored.level === null || stored.level === typed.level)
  );
}

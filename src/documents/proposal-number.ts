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

/**
 * A session as a user typed it: a part left out (`泉州市政协第203号提案` names
 * no term) is null and matches any.
 */
export interface SessionQuery {
  readonly body: "人大" | "政协";
  readonly level: string | null;
  readonly term: number | null;
  readonly meeting: number | null;
}

/** A proposal reference parsed from what a user typed. */
export interface ProposalReference {
  /** The comparable form of the number ({@link proposalNumberKey}): `36`, `丽15`, `A78`. */
  readonly number: string;
  readonly kind: ProposalKind | null;
  readonly session: SessionQuery | null;
}

const NUMBER = "(\\d+|[一二三四五六七八九十]+)";

/** Parses a session name in any of its usual spellings; null when it names no 人大/政协 session. */
export function parseSession(text: string): SessionKey | null {
  const s = normalizeReference(text);
  const query = parseSessionQuery(s);
  if (!query || query.term === null || query.meeting === null) return null;
  return { ...query, term: query.term, meeting: query.meeting };
}

/** Parses a session that may leave out its term or meeting (`泉州市政协`); null without 人大/政协. */
export function parseSessionQuery(text: string): SessionQuery | null {
  const s = normalizeReference(text);
  const body = /政协|政治协商/.test(s) ? "政协" : /人大|人民代表大会/.test(s) ? "人大" : null;
  if (!body) return null;
  const term = new RegExp(`第?${NUMBER}届`).exec(s);
  const meeting = new RegExp(`第?${NUMBER}次(?:全体)?会议`).exec(s);
  const termNo = term ? parseChineseNumber(term[1] ?? "") : null;
  const meetingNo = meeting ? parseChineseNumber(meeting[1] ?? "") : null;
  return { body, level: sessionLevel(s), term: termNo, meeting: meetingNo };
}

function sessionLevel(s: string): string | null {
  if (/全国/.test(s)) return "全国";
  if (/^(?:\p{Script=Han}{2,3})?省/u.test(s)) return "省";
  if (/^(?:上海)?市|上海市/.test(s)) return "市";
  if (/区/.test(s)) return "区";
  if (/县/.test(s)) return "县";
  return null;
}

/** The kind a session implies: 人大 sessions receive 建议, 政协 sessions receive 提案. */
export function kindOfSession(session: Pick<SessionKey, "body">): ProposalKind {
  return session.body === "人大" ? "建议" : "提案";
}

/**
 * A proposal number as printed: digits (`0123`, `20230158`, never cut short),
 * a delegation or letter prefix (`温36`, `丽15`, `A-078`, `T014`) or brackets (`〔064〕`).
 */
const NUM =
  "(?<num>(?:[A-Za-z]{1,3}-?|(?![第号])\\p{Script=Han}-?)?[〔【\\[(（]?\\d{1,8}[〕】\\])）]?)";
const SESSION = "(?<session>.*?(?:会议|人大|政协))?";
const KIND = "(?<kind>代表建议|人大建议|建议|政协提案|委员提案|提案|议案)";

/** What people type for a proposal; each needs a kind, or 第…号, so a bare number is never one. */
const TYPED_PROPOSAL: readonly RegExp[] = [
  // [session] 第0539号提案, 0682号代表建议, 丽15号建议
  new RegExp(`^${SESSION}第?${NUM}号?${KIND}$`, "u"),
  // [session] 第0297号
  new RegExp(`^${SESSION}第${NUM}号$`, "u"),
  // 提案第0539号, 建议0682号
  new RegExp(`^${SESSION}${KIND}第?${NUM}号?$`, "u"),
];

/** A number with 号 (`58号`, `第12号`, `温36号`, `A-217号`): a proposal number only beside a place. */
const MARKED_NUMBER = new RegExp(`^第?${NUM}号$`, "u");

/** A lettered number (`A-217`, `T014`): no count or year is written so, so it needs no 号. */
const LETTERED_NUMBER = /^(?<num>[A-Za-z]{1,3}-?\d{1,8})$/u;

/**
 * Parses a proposal number written on its own, with neither kind nor session
 * (`58号`, `温36号`, `A-217`). Alone it is no reference: a caller accepts it only
 * beside a place (`清城58号`, `58号 清城区`). A bare count or year (`58`, `2023年`) is null.
 */
export function parseMarkedProposalNumber(text: string): ProposalReference | null {
  const s = normalizeReference(text);
  const groups = (MARKED_NUMBER.exec(s) ?? LETTERED_NUMBER.exec(s))?.groups;
  const number = groups?.num ? proposalNumberKey(groups.num) : null;
  return number === null ? null : { number, kind: null, session: null };
}

/**
 * The comparable form of a proposal number: brackets, 第 and 号 dropped,
 * leading zeros of the digits dropped, letters upper-cased and a hyphen after
 * them dropped (`0123` → `123`, `A-078` → `A78`, `〔064〕` → `64`, `丽15` → `丽15`).
 * Null when there are no digits.
 */
export function proposalNumberKey(printed: string): string | null {
  const s = normalizeReference(printed)
    .replace(/[〔〕【】[\]()（）第号]/g, "")
    .toUpperCase();
  const m = /^(.*?)-?(\d+)$/.exec(s);
  if (!m) return null;
  const digits = (m[2] ?? "").replace(/^0+(?=\d)/, "");
  return `${m[1] ?? ""}${digits}`;
}

/** Parses a typed proposal reference; null when the text is not one. */
export function parseProposalReference(text: string): ProposalReference | null {
  const s = normalizeReference(text);
  for (const pattern of TYPED_PROPOSAL) {
    const groups = pattern.exec(s)?.groups;
    if (!groups) continue;
    const session = groups.session ? parseSessionQuery(groups.session) : null;
    if (groups.session && !session) return null;
    const number = proposalNumberKey(groups.num ?? "");
    if (number === null) return null;
    const kindText = groups.kind ?? "";
    const kind: ProposalKind | null = kindText.includes("提案")
      ? "提案"
      : kindText.includes("议案")
        ? "议案"
        : kindText.includes("建议")
          ? "建议"
          : session
            ? kindOfSession(session)
            : null;
    return { number, kind, session };
  }
  return null;
}

/** True when a stored session matches the one a user typed (a missing level, term or meeting matches any). */
export function sessionMatches(stored: SessionKey, typed: SessionQuery): boolean {
  return (
    stored.body === typed.body &&
    (typed.term === null || stored.term === typed.term) &&
    (typed.meeting === null || stored.meeting === typed.meeting) &&
    (typed.level === null || stored.level === null || stored.level === typed.level)
  );
}

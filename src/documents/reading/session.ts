import { parseChineseNumber } from "../../text/chinese-numerals.ts";

/**
 * Sessions (县第十六届人大二次会议, 某县政协九届四次会议, 十四届全国人大一次会议,
 * 十四届全国政协二次会议)
 * and the proposal numbers printed after them. Every pattern is bounded, so
 * a long line is scanned in linear time.
 */

/** A session as found in the text. */
export interface FoundSession {
  /** Normalised: 县十八届人大三次会议, 市政协十四届一次会议, 十四届全国人大一次会议, 十四届全国政协二次会议. */
  readonly session: string;
  readonly body: "人大" | "政协";
  /** 省, 市, 县, 区, 镇, 乡 …, 全国, or "" when the text names no level. */
  readonly level: string;
  /** The place named with the session (某县, 某区), when the text names one. */
  readonly placeName: string | null;
  /** Offset just after 会议 in the searched text. */
  readonly end: number;
}

const NUM = "[一二三四五六七八九十〇零\\d]{1,4}";
const SESSION = new RegExp(
  `([\\p{Script=Han}]{0,16}?)第?\\s*(${NUM})\\s*届([\\p{Script=Han}]{0,16}?)第?\\s*(${NUM})\\s*次(?:全体)?会议`,
  "u",
);
const BODY_WORDS = /人民代表大会|政治协商会议|人大常委会|人大|政协|委员会|中国人民/g;
const FILLER = /^.*(?:关于对|关于|对|在|于|是)/;
const LEVEL_AT_END = /(自治区|[省市县区镇乡州旗盟])$/;

/** Finds the first session named in `text`; null when there is none. */
export function findSession(text: string): FoundSession | null {
  const m = SESSION.exec(text);
  if (!m) return null;
  const left = m[1] ?? "";
  const right = m[3] ?? "";
  const words = `${left}${right}`;
  const body = /政协|政治协商/.test(words)
    ? "政协"
    : /人大|人民代表大会/.test(words)
      ? "人大"
      : null;
  const term = parseChineseNumber(m[2] ?? "");
  const meeting = parseChineseNumber(m[4] ?? "");
  if (!body || !term || !meeting) return null;
  const national = words.includes("全国");
  const place = national ? "" : left.replace(BODY_WORDS, "").replace(FILLER, "");
  const level = national ? "全国" : (LEVEL_AT_END.exec(place)?.[1] ?? "");
  return {
    session: formatSession(body, level, term, meeting),
    body,
    level,
    placeName: place.length >= 2 && level ? place : null,
    end: m.index + m[0].length,
  };
}

/** The normalised spelling of a session. */
export function formatSession(
  body: "人大" | "政协",
  level: string,
  term: number,
  meeting: number,
): string {
  const t = toChineseNumber(term);
  const n = toChineseNumber(meeting);
  if (level === "全国") return `${t}届全国${body}${n}次会议`;
  return body === "人大" ? `${level}${t}届人大${n}次会议` : `${level}政协${t}届${n}次会议`;
}

const DIGIT = "〇一二三四五六七八九";

/** 1 → 一, 14 → 十四, 20 → 二十, 21 → 二十一 (below 100). */
export function toChineseNumber(n: number): string {
  if (n < 10) return DIGIT[n] ?? String(n);
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGIT[tens]}十${ones ? DIGIT[ones] : ""}`;
}

/** A proposal number as printed: 0123, 温36, A-078, T014, 〔064〕, 20230158. */
const TOKEN =
  "[〔\\[【（(]\\s*\\d{1,8}\\s*[〕\\]】）)]|[\\p{Script=Han}]{0,2}[A-Za-z]{0,3}-?\\d{1,8}(?:-\\d{1,6})?";
const AFTER_SESSION = new RegExp(`^(?:期间|上)?\\s*第?\\s*(${TOKEN})\\s*号`, "u");
const WITH_DI = new RegExp(`第\\s*(${TOKEN})\\s*号`, "u");
/** Without 第: `的温36号建议`, `（36号提案）` — a number right before 号 and the proposal's kind. */
const BARE =
  /(?<=^|[的是即为、，,（(\s])([〔[【（(]\s*\d{1,8}\s*[〕\]】）)]|[\p{Script=Han}]?[A-Za-z]{0,3}-?\d{1,8}(?:-\d{1,6})?)\s*号\s*(?:代表|委员)?(?:建议|提案|议案)/u;

/**
 * The proposal number in a title or first sentence: right after the session
 * (`会议甬27号`), else the first `第N号`. `exclude` (the 文号) is ignored.
 */
export function findProposalNumber(
  text: string,
  session: FoundSession | null,
  exclude: string | null,
): string | null {
  const t = exclude ? text.split(exclude).join("") : text;
  const after = session ? AFTER_SESSION.exec(text.slice(session.end)) : null;
  const m = after ?? WITH_DI.exec(t) ?? BARE.exec(t);
  const token = m?.[1]?.replace(/\s+/g, "") ?? null;
  if (!token || /^[\p{Script=Han}]{2}/u.test(token)) return null;
  return token;
}

/** The session and proposal number a reply names, from the first source (title, first sentence, page title) that has them. */
export function readSessionAndNumber(
  sources: readonly string[],
  docNumber: string | null,
): { session: FoundSession | null; proposalNumber: string | null } {
  let session: FoundSession | null = null;
  let sessionSource: string | null = null;
  for (const source of sources) {
    session = findSession(source);
    if (session) {
      sessionSource = source;
      break;
    }
  }
  for (const source of sources) {
    const number = findProposalNumber(source, source === sessionSource ? session : null, docNumber);
    if (number) return { session, proposalNumber: number };
  }
  return { session, proposalNumber: null };
}

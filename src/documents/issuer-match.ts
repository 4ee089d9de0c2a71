import { isCommonWord } from "../places/common-words.ts";
import { ancestry, type Division, divisionsNamed } from "../places/division-data.ts";
import { scanPlaceNames } from "../places/place-scan.ts";
import { normalizeReference } from "./doc-number.ts";
import { bodyKey, bodyRank, bodyStem } from "./issuer-bodies.ts";

/** Where a query about an issuer is said of. Every field is optional. */
export interface IssuerMatchContext {
  /** The place the query is said of (上海市, 通山县, 通山, 全国); default none: any place. */
  readonly place?: string | null;
  /** The issuer's own place when its name has none (县交通运输局 of 通山县): the reply's `place`. */
  readonly issuerPlace?: string | null;
}

/** A body's name split into where it is and what it is. */
interface BodyName {
  /** Length of the normalised name. */
  readonly length: number;
  /** Divisions the name opens with, deepest last; each group lists same-named divisions. */
  readonly places: readonly (readonly Division[])[];
  /** The level word the body is at: 省, 市, 州, 县, 区, 镇, 乡, 街道; null when unknown. */
  readonly level: string | null;
  /** Whether the level was written as a word of its own (市科委) rather than read off a place. */
  readonly levelWritten: boolean;
  /** The body itself: 交通运输局, 科委, 人民政府; may be empty. */
  readonly body: string;
}

const LEADING_LEVEL = /^(自治区|自治州|自治县|街道|省|市|州|县|区|旗|镇|乡)(?!场)/;

/**
 * True when `query` names `issuer` by place and body: 通山交通局, 通山县交通局
 * and 交通运输局 all name 通山县交通运输局; 杨浦区 names 上海市杨浦区人民政府;
 * 市科委 names 上海市科学技术委员会 (a 市-level body) but not 上海市杨浦区科学技术委员会.
 * Places must agree (a short name, a parent or the full name), the level word
 * of the query (市, 区, 县) must be the issuer's, and the bodies must be the
 * same function (科委 = 科技局 = 科学技术委员会, see issuer-bodies.ts) of a
 * compatible rank (局/委, 厅, 部). With `context.place`, the issuer must lie
 * in that place. Queries shorter than two characters match nothing.
 */
export function issuerMatches(
  issuer: string,
  query: string,
  context: IssuerMatchContext = {},
): boolean {
  const key = [issuer, query, context.place ?? "", context.issuerPlace ?? ""].join("\u0000");
  let answer = answers.get(key);
  if (answer === undefined) {
    if (answers.size >= MEMO_LIMIT) answers.clear();
    answer = decide(issuer, query, context);
    answers.set(key, answer);
  }
  return answer;
}

/** Answers already given: a filter asks the same question of every reply. */
const answers = new Map<string, boolean>();
const MEMO_LIMIT = 10_000;

function decide(issuer: string, query: string, context: IssuerMatchContext): boolean {
  const wanted = wantedIssuer(query);
  if (!wanted) return false;
  const name = parsed(issuer);
  const where = issuerDivisions(name, context.issuerPlace ?? null);
  if (context.place && !inContextPlace(where, context.place)) return false;
  return shapeAgrees(wanted, shapeOf(name, where));
}

/** An issuer's name as {@link issuerMatches} reads it, for indexing many issuers. */
export interface IssuerShape {
  /** Every division the issuer lies in: its own deepest ones and all above them. */
  readonly within: ReadonlySet<Division>;
  /** The level it is at (省, 市, 州, 县, 区, 镇, 乡, 街道), null when unknown. */
  readonly level: string | null;
  /** The body itself: 交通运输局, 科委, 人民政府; may be empty. */
  readonly body: string;
}

/** A query naming an issuer, as {@link issuerMatches} reads it. */
export interface WantedIssuer {
  /** Divisions the query names, outermost first; each group lists same-named divisions. */
  readonly places: readonly (readonly Division[])[];
  /** The level the issuer must be at, or null for any. */
  readonly level: string | null;
  /** The body asked for; empty for any. */
  readonly body: string;
}

/** The shape of `issuer` (its place from its name, else `issuerPlace`). */
export function issuerShape(issuer: string, issuerPlace: string | null = null): IssuerShape {
  const name = parsed(issuer);
  return shapeOf(name, issuerDivisions(name, issuerPlace));
}

/** What `query` asks of an issuer, or null when it is too short to name one. */
export function wantedIssuer(query: string): WantedIssuer | null {
  const wanted = parsed(query);
  if (wanted.length < 2) return null;
  // 上海 alone names every body in Shanghai; 上海科委 names the municipal one.
  const level = wanted.levelWritten || wanted.body ? wanted.level : null;
  return { places: wanted.places, level, body: wanted.body };
}

/**
 * True when the issuer of `shape` is what `wanted` asks for: it lies in every
 * place named, at the level named, and its body agrees ({@link bodiesAgree}).
 */
export function shapeAgrees(wanted: WantedIssuer, shape: IssuerShape): boolean {
  if (!wanted.places.every((group) => group.some((d) => shape.within.has(d)))) return false;
  if (wanted.level && wanted.level !== shape.level) return false;
  return bodiesAgree(wanted.body, shape.body);
}

function shapeOf(name: BodyName, where: readonly Division[]): IssuerShape {
  return { within: new Set(where.flatMap(ancestry)), level: levelOf(name, where), body: name.body };
}

/**
 * The issuers among `issuers` that `query` names (see {@link issuerMatches}).
 * `ambiguous` is true when neither the query nor the context names a place
 * and the matches belong to more than one place (市科委 with replies of two
 * cities loaded): the caller should ask which one rather than pick.
 */
export function issuersMatching(
  issuers: readonly string[],
  query: string,
  context: IssuerMatchContext = {},
): { names: string[]; ambiguous: boolean } {
  const names = issuers.filter((issuer) => issuerMatches(issuer, query, context));
  const placed = context.place || parsed(query).places.length > 0;
  const places = new Set(names.map((n) => issuerDivisions(parsed(n), null).at(-1)?.code ?? ""));
  return { names, ambiguous: !placed && places.size > 1 };
}

/** Parsed names by the text given; search asks about the same few issuers for every reply. */
const parsedNames = new Map<string, BodyName>();

/** `name` normalised (full-width, traditional, spaces) and parsed, memoised. */
function parsed(name: string): BodyName {
  let found = parsedNames.get(name);
  if (!found) {
    if (parsedNames.size >= MEMO_LIMIT) parsedNames.clear();
    found = parseBodyName(normalizeReference(name));
    parsedNames.set(name, found);
  }
  return found;
}

function parseBodyName(text: string): BodyName {
  const places: Division[][] = [];
  let at = 0;
  const hits = scanPlaceNames(text, {
    short: true,
    accept: (_t, hit) => !hit.short || !isCommonWord(hit.name),
  });
  for (const hit of hits) {
    if (hit.start !== at) break;
    places.push([...hit.divisions]);
    at = hit.end;
  }
  const rest = text.slice(at);
  const leading = places.length === 0 ? leadingLevel(rest) : undefined;
  const last = places.at(-1)?.[0];
  const level = leading ?? (last ? levelWord(last.name) : null);
  return {
    length: text.length,
    places,
    level: level ? canonicalLevel(level) : null,
    levelWritten: leading !== undefined,
    body: leading ? rest.slice(leading.length) : rest,
  };
}

/** A level word opening a body's name (市科委), unless the whole is a body (市监局, 市场监管局). */
function leadingLevel(rest: string): string | undefined {
  const word = LEADING_LEVEL.exec(rest)?.[1];
  if (!word) return undefined;
  const whole = bodyKey(rest);
  return whole && !bodyKey(rest.slice(word.length)) ? undefined : word;
}

/** The issuer's deepest divisions (same-named candidates), from its name or else its reply's place. */
function issuerDivisions(name: BodyName, issuerPlace: string | null): readonly Division[] {
  const own = name.places.at(-1);
  if (own) return own;
  if (!issuerPlace) return [];
  return divisionsNamed(normalizeReference(issuerPlace));
}

function inContextPlace(issuer: readonly Division[], place: string): boolean {
  if (place === "全国") return issuer.length === 0;
  const group = divisionsNamed(normalizeReference(place));
  return issuer.some((d) => ancestry(d).some((a) => group.includes(a)));
}

function levelOf(name: BodyName, where: readonly Division[]): string | null {
  if (name.level) return name.level;
  const d = where[0];
  return d ? canonicalLevel(levelWord(d.name) ?? "") : null;
}

function levelWord(divisionName: string): string | null {
  return (
    /(自治区|自治州|自治县|街道|省|市|州|盟|地区|县|旗|区|镇|乡)$/.exec(divisionName)?.[1] ?? null
  );
}

/** One word per level: 自治区 is 省, 自治州/盟/地区 are 州, 自治县/旗 are 县. */
function canonicalLevel(word: string): string {
  const map: Record<string, string> = {
    自治区: "省",
    自治州: "州",
    盟: "州",
    地区: "州",
    自治县: "县",
    旗: "县",
  };
  return map[word] ?? word;
}

/**
 * True when the body a query asks for (科委; empty for any) is the issuer's
 * `body`: the same function (issuer-bodies.ts) of a compatible rank, or the
 * same stem.
 */
export function bodiesAgree(wanted: string, body: string): boolean {
  if (wanted.length === 0) return true;
  const [qRank, iRank] = [bodyRank(wanted), bodyRank(body)];
  if (qRank && iRank && qRank !== iRank) return false;
  const [qKey, iKey] = [bodyKey(wanted), bodyKey(body)];
  if (qKey && iKey) return qKey === iKey;
  const qStem = bodyStem(wanted);
  return wanted === body || (qStem.length >= 2 && bodyStem(body).startsWith(qStem));
}

import { type Place, type PlaceLevel, type PlaceNames, shortPlace } from "./place-names.ts";
import type { Random } from "./random.ts";
import { LOCAL_BODIES, NATIONAL_BODIES, PROVINCIAL_BODIES, personName } from "./vocabulary.ts";

/**
 * Who answers what: the place, body, session, proposal number, 文号, result
 * mark and greeting of one generated reply, in the proportions of
 * ../shared/formats.md. Session wordings carry only a level ("县十八届人大三次会议"),
 * so hundreds of places share them, and proposal numbers are drawn from a
 * small, skewed range, so the same number recurs across places and years.
 */
export interface ReplyIdentity {
  readonly place: Place;
  /** The body as signed (通山县交通运输局); a joint reply's first body. */
  readonly issuer: string;
  /** Every body of a joint signature (usually one). */
  readonly issuers: readonly string[];
  /** 人大 (建议/议案) or 政协 (提案). */
  readonly congress: boolean;
  /** 建议, 提案 or 议案. */
  readonly proposalKind: "建议" | "提案" | "议案";
  /** Normalised session: 县十八届人大三次会议, 十四届全国人大一次会议, 市政协十四届二次会议. */
  readonly session: string;
  /** The session as a first sentence says it: 县第十八届人大三次会议. */
  readonly sessionSpoken: string;
  /** The proposal number as printed between 第 and 号 (0123, 36, A-078, 〔064〕), or null. */
  readonly proposalNumber: string | null;
  /** The 文号 as printed, or null (about four in five replies have none). */
  readonly docNumber: string | null;
  /** The result mark and where it goes, or null (most replies have none). */
  readonly result: { readonly text: string; readonly at: "top" | "after-number" | "glued" } | null;
  /** The greeting, without the colon. */
  readonly proposers: string;
  readonly year: number;
}

/** Share of replies per level (formats.md: 74 replies, mostly county and district bodies). */
const LEVELS: readonly [PlaceLevel, number][] = [
  ["national", 0.03],
  ["province", 0.1],
  ["city", 0.17],
  ["district", 0.3],
  ["county", 0.4],
];
const DOC_NUMBER_SHARE = 0.2;
const RESULT_MARK_SHARE = 0.3;
const CODES = ["建复", "建议复", "提复", "函", "发", "字", "办理", "案函"];

/** Draws the identity of one reply; `taken` keeps 文号 serials and reply keys unique. */
export function drawIdentity(rng: Random, places: PlaceNames, taken: Set<string>): ReplyIdentity {
  for (;;) {
    const identity = draw(rng, places, taken);
    const key =
      identity.docNumber ??
      `${identity.place.name}/${identity.session}/${identity.proposalNumber}/${identity.issuer}`;
    if (taken.has(key)) continue;
    taken.add(key);
    return identity;
  }
}

function draw(rng: Random, places: PlaceNames, taken: Set<string>): ReplyIdentity {
  const level = weighted(rng, LEVELS);
  const place = places.pick(level, rng);
  const congress = rng.chance(0.58);
  const [body, code] = pickBody(level, rng);
  const issuer = level === "national" ? body : `${issuerPlace(place, rng)}${body}`;
  const issuers = rng.chance(0.05)
    ? [issuer, `${issuerPlace(place, rng)}${pickBody(level, rng)[0]}`]
    : [issuer];
  const year = rng.int(2016, 2025);
  const { session, sessionSpoken } = sessionOf(place, congress, rng);
  const docNumber = rng.chance(DOC_NUMBER_SHARE)
    ? docNumberOf(`${place.abbreviation}${code}${rng.pick(CODES)}`, year, rng, taken)
    : null;
  return {
    place,
    issuer,
    issuers,
    congress,
    proposalKind: congress ? (rng.chance(0.05) ? "议案" : "建议") : "提案",
    session,
    sessionSpoken,
    proposalNumber: proposalNumberOf(place, year, rng),
    docNumber,
    result: rng.chance(RESULT_MARK_SHARE) ? resultMark(rng, docNumber !== null) : null,
    proposers: greeting(congress, place, rng),
    year,
  };
}

function weighted<T>(rng: Random, items: readonly (readonly [T, number])[]): T {
  let roll = rng.next();
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]?.[0] as T;
}

function pickBody(level: PlaceLevel, rng: Random): readonly [string, string] {
  if (level === "national") return rng.pick(NATIONAL_BODIES);
  if (level === "province") return rng.pick(PROVINCIAL_BODIES);
  return rng.pick(LOCAL_BODIES);
}

/** 成都市武侯区 or 武侯区 for a district; 通山县 for a county; 浙江省 for a province. */
function issuerPlace(place: Place, rng: Random): string {
  if (place.level === "district" && place.city && rng.chance(0.4))
    return place.city === place.name ? place.name : `${place.city}${place.name}`;
  return place.name;
}

function sessionOf(place: Place, congress: boolean, rng: Random) {
  const n = cn(rng.int(1, 5));
  if (place.level === "national") {
    const term = cn(rng.int(13, 14));
    const session = congress ? `${term}届全国人大${n}次会议` : `全国政协${term}届${n}次会议`;
    return { session, sessionSpoken: `第${session}` };
  }
  const w = place.levelWord;
  const term = cn(congress ? rng.int(14, 19) : rng.int(9, 14));
  return congress
    ? { session: `${w}${term}届人大${n}次会议`, sessionSpoken: `${w}第${term}届人大${n}次会议` }
    : { session: `${w}政协${term}届${n}次会议`, sessionSpoken: `${w}政协第${term}届${n}次会议` };
}

/** 第0123号, 36号, A-078号, T014号, 〔064〕号, 5-digit, 8-digit year-prefixed, 温36号, or none. */
function proposalNumberOf(place: Place, year: number, rng: Random): string | null {
  // Skewed to small numbers, as most sessions have a few hundred proposals.
  const n = 1 + rng.zipfIndex(600);
  const roll = rng.next();
  if (roll < 0.35) return String(n).padStart(4, "0");
  if (roll < 0.65) return String(n);
  if (roll < 0.7) return `A-${String(n).padStart(3, "0")}`;
  if (roll < 0.75) return `T${String(n).padStart(3, "0")}`;
  if (roll < 0.78) return `〔${String(n).padStart(3, "0")}〕`;
  if (roll < 0.83) return String(rng.int(10000, 59999));
  if (roll < 0.88) return `${year}${String(n).padStart(4, "0")}`;
  if (roll < 0.92 && place.level !== "national") return `${shortPlace(place).slice(0, 1)}${n}`;
  return null;
}

function docNumberOf(prefix: string, year: number, rng: Random, taken: Set<string>): string {
  let serial = rng.int(1, 60);
  const open = rng.pick(["〔", "〔", "〔", "〔", "【", "("]);
  const close = { "〔": "〕", "【": "】", "(": ")" }[open];
  const sub = rng.chance(0.04) ? `-${rng.int(1, 20)}` : "";
  let number = `${prefix}${open}${year}${close}${serial}${sub}号`;
  while (taken.has(number)) number = `${prefix}${open}${year}${close}${++serial}${sub}号`;
  return number;
}

function resultMark(rng: Random, hasDocNumber: boolean): ReplyIdentity["result"] {
  const category = rng.pick(["A", "A", "B", "B", "C", "D"]);
  const shanghai = { A: "解决采纳", B: "正在解决", C: "列入计划", D: "留作参考" }[category];
  const roll = rng.next();
  if (hasDocNumber && roll < 0.2) return { text: `（${category}类）`, at: "after-number" };
  if (hasDocNumber && roll < 0.3) return { text: `${category}类`, at: "glued" };
  const text = rng.pick([
    `类别：${category}类`,
    category,
    `办理结果：${category}类`,
    `${category}${rng.int(1, 2)}类`,
    `办理结果：${shanghai}`,
  ]);
  return { text, at: "top" };
}

function greeting(congress: boolean, place: Place, rng: Random): string {
  const role = congress ? "代表" : "委员";
  const roll = rng.next();
  if (roll < 0.45) return `${personName(rng)}${role}`;
  if (roll < 0.55) return `尊敬的${personName(rng)}${role}`;
  if (roll < 0.65) return `${personName(rng)}、${personName(rng)}${role}`;
  if (roll < 0.72) return `${personName(rng)}等${cn(rng.int(3, 12))}位${role}`;
  if (roll < 0.77) return `${personName(rng)}(等${rng.int(2, 9)}位)${role}`;
  if (roll < 0.83 && congress) return `${shortPlace(place)}代表团`;
  if (roll < 0.9 && !congress)
    return `${rng.pick(["民盟", "民进", "九三学社", "农工党", "致公党", "经济"])}界别`;
  if (roll < 0.95 && place.level !== "national")
    return `${place.levelWord}${rng.pick(["工商联", "科协", "妇联", "青联"])}`;
  return `${personName(rng)}${role}`;
}

/** A number in Chinese numerals (1–99), as in 十八届, 三次. */
export function cn(n: number): string {
  const digits = "零一二三四五六七八九";
  if (n < 10) return digits[n] ?? "";
  return `${n >= 20 ? digits[Math.floor(n / 10)] : ""}十${n % 10 ? digits[n % 10] : ""}`;
}

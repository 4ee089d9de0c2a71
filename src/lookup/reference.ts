import {
  type DocNumberParts,
  normalizeReference,
  parseTypedDocNumber,
} from "../documents/doc-number.ts";
import {
  type ProposalReference,
  parseMarkedProposalNumber,
  parseProposalReference,
} from "../documents/proposal-number.ts";
import {
  isKnownPlaceName,
  type PlaceMention,
  placesMentionedIn,
} from "../places/place-mentions.ts";
import { splitIssuer } from "./issuer-reference.ts";

/**
 * What a user typed to find one reply: a 文号, or a proposal number with an
 * optional session and place (`通山县十八届人大三次会议第36号建议`, `36号建议 通山`).
 */
export type Reference =
  | { readonly kind: "docNumber"; readonly parts: DocNumberParts }
  | {
      readonly kind: "proposal";
      readonly proposal: ProposalReference;
      /** The place named, reduced to its stem (`通山`, `浏阳`); null when none was named. */
      readonly place: string | null;
      /** The issuing body named (`通山交通局`), matched by place and body; absent when none was. */
      readonly issuer?: string;
    };

/** Suffixes of administrative divisions, longest first. */
const DIVISION_SUFFIX = "自治区|自治州|自治县|特别行政区|省|市|州|盟|县|区|旗";

/** A place name right before a session (`通山县十八届…`, `浏阳市政协…`, `永善县第十八届…`). */
const PLACE_BEFORE_SESSION = new RegExp(
  `^(?<name>\\p{Script=Han}{2,12}?)(?<suffix>${DIVISION_SUFFIX})(?=第?[一二三四五六七八九十\\d]+届|人大|政协|人民代表大会|政治协商)`,
  "u",
);

/** A place name right before a bare proposal number (`通山县第36号建议`, `浏阳市218号提案`). */
const PLACE_BEFORE_NUMBER = new RegExp(
  `^(?<name>\\p{Script=Han}{2,12}?)(?<suffix>${DIVISION_SUFFIX})(?=第|[0-9A-Za-z〔【\\[(（])`,
  "u",
);

/** A place written without its suffix right before a session (`郑州十六届…`, `通山人大…`). */
const BARE_PLACE_BEFORE_SESSION =
  /^(?<name>\p{Script=Han}{2,8}?)(?=第?[一二三四五六七八九十\d]+届|人大|政协|人民代表大会|政治协商)/u;

/** Words that open a session's own name, never a place. */
const NOT_A_PLACE = /届|会议|人大|政协|人民|政治|委员|代表|^[省市县区州]/;

/**
 * The stem a place is matched by: the last division named, without its
 * suffix (`成都市武侯区` → `武侯`, `通山县` → `通山`, `通山` → `通山`); null when
 * nothing of at least two characters is left.
 */
export function placeStem(text: string): string | null {
  const whole = normalizeReference(text);
  const trailing = new RegExp(`(?:${DIVISION_SUFFIX})$`).exec(whole);
  const name = trailing && trailing.index >= 2 ? whole.slice(0, trailing.index) : whole;
  // The last division of a chain (成都市武侯 → 武侯); a suffix character inside a name (杭州) is no boundary.
  let start = 0;
  for (const m of name.matchAll(new RegExp(`(?:${DIVISION_SUFFIX})`, "g"))) {
    const end = m.index + m[0].length;
    if (m.index >= 2 && name.length - end >= 2) start = end;
  }
  const stem = name.slice(start);
  return stem.length >= 2 && /^\p{Script=Han}+$/u.test(stem) ? stem : null;
}

/** Splits a leading place name off a session reference; the division's level stays with the session. */
function splitLeadingPlace(text: string): { place: string | null; rest: string } {
  const session = PLACE_BEFORE_SESSION.exec(text);
  const bare = session ? null : PLACE_BEFORE_NUMBER.exec(text);
  const m = session ?? bare;
  const name = m?.groups?.name;
  const suffix = m?.groups?.suffix;
  if (!m || !name || !suffix || /政协|人大|人民代表|政治协商|委员会/.test(name)) {
    return splitBarePlace(text);
  }
  const rest = text.slice(m[0].length);
  return { place: placeStem(`${name}${suffix}`), rest: session ? `${suffix}${rest}` : rest };
}

/** A leading place without suffix before a session; any such word narrows the lookup (unknown: nothing found). */
function splitBarePlace(text: string): { place: string | null; rest: string } {
  const name = BARE_PLACE_BEFORE_SESSION.exec(text)?.groups?.name;
  if (!name || NOT_A_PLACE.test(name)) return { place: null, rest: text };
  return { place: placeStem(name), rest: text.slice(name.length) };
}

function parseProposal(text: string): Reference | null {
  const normalized = normalizeReference(text);
  const { place, rest } = splitLeadingPlace(normalized);
  const proposal = parseProposalReference(rest);
  if (proposal) return { kind: "proposal", proposal, place };
  return parseAfterShortPlace(normalized);
}

/** A known short place name glued to the number: `盐津第36号建议`, `通山36号建议`. */
function parseAfterShortPlace(text: string): Reference | null {
  const m = /^(\p{Script=Han}{2,8}?)(?=第|[0-9A-Za-z〔【[(（])/u.exec(text);
  const name = m?.[1];
  if (!name || !isPlaceWord(name)) return null;
  const proposal = parseProposalReference(text.slice(name.length));
  const place = placeStem(name);
  return proposal && place ? { kind: "proposal", proposal, place } : null;
}

/** A word that names a place: a division's name or short form, or a name ending in 县/区/市…. */
function isPlaceWord(word: string): boolean {
  // Beside a number a short name is the place even when it is also an everyday word (双峰, 三台).
  return (
    isKnownPlaceName(word, { commonWords: true }) ||
    new RegExp(`(?:${DIVISION_SUFFIX})$`).test(word)
  );
}

/** A proposal number beside a separate place word: `36号建议 通山`, `通山 第36号建议`. */
function parseWithPlaceWord(text: string): Reference | null {
  const words = text.trim().split(/\s+/);
  if (words.length < 2) return null;
  const options: [string, string][] = [
    [words[0] ?? "", words.slice(1).join(" ")],
    [words.at(-1) ?? "", words.slice(0, -1).join(" ")],
  ];
  for (const [word, rest] of options) {
    // The number first: most messages are questions, and the place test loads the division data.
    const ref = parseProposal(rest);
    if (ref?.kind !== "proposal" || ref.place !== null) continue;
    const place = isPlaceWord(word) ? placeStem(word) : null;
    if (place) return { ...ref, place };
  }
  return null;
}

/** A place and what is left of the text beside it. */
interface PlaceSide {
  /** The most specific place of the run, as written (`桐庐`, `桐庐县`). */
  readonly place: string;
  readonly rest: string;
}

/** The run of places the text opens with (`浙江桐庐47号` → 桐庐, `47号`); null when it opens with none. */
function leadingPlaces(text: string, mentions: readonly PlaceMention[]): PlaceSide | null {
  let end = 0;
  let place: string | null = null;
  for (const m of mentions) {
    if (m.start < end) continue; // a rival reading of the same words
    if (text.slice(end, m.start).trim() !== "") break;
    end = m.end;
    place = m.text;
  }
  return place ? { place, rest: text.slice(end) } : null;
}

/** The run of places the text closes with (`47号 桐庐县` → 桐庐县, `47号`); null when it closes with none. */
function trailingPlaces(text: string, mentions: readonly PlaceMention[]): PlaceSide | null {
  let start = text.length;
  let place: string | null = null;
  for (const m of [...mentions].reverse()) {
    if (m.end > start) continue;
    if (text.slice(m.end, start).trim() !== "") break;
    start = m.start;
    place ??= m.text;
  }
  return place ? { place, rest: text.slice(0, start) } : null;
}

/**
 * A proposal number with 号, or a lettered one, beside a place the division
 * data knows: `桐庐47号`, `47号 桐庐县`, `桐庐B-105`, `黟县9号`. Without the
 * place such a number is no reference (`47号`), and a count or year is never
 * one (`桐庐县2023年`).
 */
function parseBesidePlace(text: string): Reference | null {
  // Cheap shape test first: most messages are questions, and the place scan loads the division data.
  if (!/\d/.test(text) || !/号|號|[A-Za-z]-?\d/.test(text)) return null;
  const plain = text.normalize("NFKC").trim();
  // With neither 第 nor a kind the number is weak: an everyday word beside it (12号 和平) is no place.
  const mentions = placesMentionedIn(plain);
  for (const side of [leadingPlaces(plain, mentions), trailingPlaces(plain, mentions)]) {
    if (!side) continue;
    const proposal = parseProposalReference(side.rest) ?? parseMarkedProposalNumber(side.rest);
    const place = placeStem(side.place);
    if (proposal && place) return { kind: "proposal", proposal, place };
  }
  return null;
}

/**
 * Parses a 文号 or a proposal number (with its place, if named); null when the
 * text is neither. A number needs a kind (`36号建议`), a 第 (`第36号`), or a
 * place beside it (`通山36号`, `36号 通山`, `桐庐B-105`); a bare number never is one.
 */
export function parseReference(text: string): Reference | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return null;
  const parts = parseTypedDocNumber(trimmed);
  if (parts) return { kind: "docNumber", parts };
  return (
    parseProposal(trimmed) ??
    parseWithPlaceWord(trimmed) ??
    parseWithIssuer(trimmed) ??
    parseBesidePlace(trimmed)
  );
}

/**
 * A proposal number beside the body that answered it: `通山县交通运输局第36号建议`,
 * `通山交通局36号建议`, `第36号建议 通山县交通运输局`. The body's place narrows too.
 */
function parseWithIssuer(text: string): Reference | null {
  // Cheap shape test first: the body scan loads the division data.
  if (!/\d/.test(text) || !/号|號/.test(text)) return null;
  const span = splitIssuer(text);
  if (!span) return null;
  const ref = parseProposal(span.rest);
  if (ref?.kind !== "proposal") return null;
  const place = ref.place ?? (span.place ? placeStem(span.place) : null);
  return { ...ref, place, issuer: span.issuer };
}

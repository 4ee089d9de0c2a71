import {
  type DocNumberParts,
  normalizeReference,
  parseTypedDocNumber,
} from "../documents/doc-number.ts";
import { type ProposalReference, parseProposalReference } from "../documents/proposal-number.ts";

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

/**
 * The stem a place is matched by: the last division named, without its
 * suffix (`成都市武侯区` → `武侯`, `通山县` → `通山`, `通山` → `通山`); null when
 * nothing of at least two characters is left.
 */
export function placeStem(text: string): string | null {
  const parts = normalizeReference(text)
    .split(new RegExp(`(?:${DIVISION_SUFFIX})`))
    .filter((p) => p.length > 0);
  const stem = parts.at(-1) ?? "";
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
    return { place: null, rest: text };
  }
  const rest = text.slice(m[0].length);
  return { place: placeStem(`${name}${suffix}`), rest: session ? `${suffix}${rest}` : rest };
}

function parseProposal(text: string): Reference | null {
  const { place, rest } = splitLeadingPlace(normalizeReference(text));
  const proposal = parseProposalReference(rest);
  return proposal ? { kind: "proposal", proposal, place } : null;
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
    const place = placeStem(word);
    const ref = place ? parseProposal(rest) : null;
    if (ref?.kind === "proposal" && ref.place === null) return { ...ref, place };
  }
  return null;
}

/** Parses a 文号 or a proposal number (with its place, if named); null when the text is neither. */
export function parseReference(text: string): Reference | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return null;
  const parts = parseTypedDocNumber(trimmed);
  if (parts) return { kind: "docNumber", parts };
  return parseProposal(trimmed) ?? parseWithPlaceWord(trimmed);
}

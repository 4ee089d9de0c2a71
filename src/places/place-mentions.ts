import { toSimplified } from "../text/chinese-text.ts";
import { isCommonWord } from "./common-words.ts";
import { ancestry, type Division, type DivisionLevel, divisionIndex } from "./division-data.ts";
import { runningTextFilter } from "./name-filters.ts";
import { type NameHit, scanPlaceNames } from "./place-scan.ts";

/** A place a text names, resolved to one administrative division. */
export interface PlaceMention {
  /** The division's official name: 通山县 for 通山, 浙江省 for 浙江. */
  readonly name: string;
  /** The words as written (after traditional → simplified). */
  readonly text: string;
  /** Offset of `text` in the input after NFKC and traditional → simplified (same length as typed). */
  readonly start: number;
  /** Offset just past `text`. */
  readonly end: number;
  /** The division's level: province, city, county or township. */
  readonly level: DivisionLevel;
  /** GB/T 2260 code (9 digits for a township). */
  readonly code: string;
  /** Official names of the divisions above, nearest first: [咸宁市, 湖北省]. */
  readonly parents: readonly string[];
  /**
   * True when the words name several divisions (江北区 in 宁波 and 重庆);
   * each of them is then returned as its own mention over the same words.
   */
  readonly ambiguous: boolean;
  /**
   * True when the words are an everyday word as well as a short place name
   * (双峰, 三台, 江山): only returned with `commonWords`, for the caller to
   * weigh (a place any reply belongs to or names counts; see `repliesConcerning`).
   */
  readonly uncertain?: boolean;
}

/** Options of {@link placesMentionedIn}. */
export interface MentionOptions {
  /** Also return short names that are everyday words (双峰, 凤凰), marked `uncertain`. Default false. */
  readonly commonWords?: boolean;
}

const LEVEL_RANK: Record<DivisionLevel, number> = { province: 0, city: 1, county: 2, township: 3 };

/**
 * The places a question or filter names, in order: official names at any
 * level (武侯区, 白蒲镇, 浙江省) and short forms of provinces, cities and
 * counties (浙江, 株洲, 通山, 永善). A short form counts only where it stands
 * as a word of its own (the word segmenter puts a boundary on both sides) and
 * is not a common word (和平, 新建, 长寿); a short form shared by a province
 * or city and its namesake county (长沙) means the higher one. The dataset is
 * loaded on first use.
 *
 * @example placesMentionedIn("36号建议 通山") // [{ name: "通山县", level: "county", parents: ["咸宁市", "湖北省"], … }]
 */
export function placesMentionedIn(text: string, options: MentionOptions = {}): PlaceMention[] {
  const plain = text.normalize("NFKC");
  const simplified = toSimplified(plain);
  const hits = scanText(simplified, options);
  // OpenCC also folds simplified characters that place names keep (乾安 → 干安): read the text as typed too.
  if (simplified !== plain && simplified.length === plain.length) {
    const extra = scanText(plain, options).filter(
      (h) => !hits.some((o) => h.start < o.end && o.start < h.end),
    );
    hits.push(...extra);
    hits.sort((a, b) => a.start - b.start);
  }
  return narrowByNeighbours(hits.flatMap(toMentions));
}

function scanText(text: string, options: MentionOptions): NameHit[] {
  return scanPlaceNames(text, { short: true, accept: runningTextFilter(text, options) });
}

/**
 * True when `name` is a division's official name or the short form of a
 * province, city or county (通山县, 通山, 浙江, 白蒲镇); common words that
 * happen to be short forms (和平, 新建) are not. Lets search tell a place no
 * reply belongs to from an ordinary word. With `commonWords`, those count
 * too (beside a proposal number 双峰 is the county).
 */
export function isKnownPlaceName(name: string, options: MentionOptions = {}): boolean {
  const plain = name.normalize("NFKC").trim();
  const { byName, byShortName } = divisionIndex();
  const known = (n: string) =>
    byName.has(n) || (byShortName.has(n) && (options.commonWords === true || !isCommonWord(n)));
  return known(plain) || known(toSimplified(plain));
}

function toMentions(hit: NameHit): PlaceMention[] {
  const divisions = distinctPlaces(hit.short ? highestOnly(hit.divisions) : hit.divisions);
  return divisions.map((d) => ({
    name: d.name,
    text: hit.name,
    start: hit.start,
    end: hit.end,
    level: d.level,
    code: d.code,
    parents: ancestry(d)
      .slice(1)
      .map((p) => p.name),
    ambiguous: divisions.length > 1,
    ...(hit.short && isCommonWord(hit.name) ? { uncertain: true } : {}),
  }));
}

/** 长沙 is 长沙市 rather than 长沙县; 河南 is the province. */
function highestOnly(divisions: readonly Division[]): Division[] {
  const top = Math.min(...divisions.map((d) => LEVEL_RANK[d.level]));
  return divisions.filter((d) => LEVEL_RANK[d.level] === top);
}

/** Drops a county entry that merely repeats its parent (东莞市 under 东莞市). */
function distinctPlaces(divisions: readonly Division[]): Division[] {
  const codes = new Set(divisions.map((d) => d.code));
  return divisions.filter((d) => {
    const parent = d.parentCode ? divisionIndex().byCode.get(d.parentCode) : undefined;
    return !(parent && parent.name === d.name && codes.has(parent.code));
  });
}

/**
 * An ambiguous name keeps only the divisions that lie within another place
 * the text names unambiguously (永善县黄华镇 → the 黄华镇 of 永善县), when any do.
 */
function narrowByNeighbours(mentions: readonly PlaceMention[]): PlaceMention[] {
  const named = new Set(mentions.filter((m) => !m.ambiguous).map((m) => m.name));
  const inside = (m: PlaceMention) => m.parents.some((p) => named.has(p));
  const out: PlaceMention[] = [];
  for (const m of mentions) {
    if (!m.ambiguous) {
      out.push(m);
      continue;
    }
    const rivals = mentions.filter((r) => r.start === m.start && r.end === m.end);
    const narrowed = rivals.filter(inside);
    if (narrowed.length === 0) out.push(m);
    else if (narrowed.includes(m)) out.push({ ...m, ambiguous: narrowed.length > 1 });
  }
  return out;
}

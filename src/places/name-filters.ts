import { hasGenericStem, isCommonWord } from "./common-words.ts";
import { followsItsParent, type HitFilter, type NameHit, scanPlaceNames } from "./place-scan.ts";

const HAN = /\p{Script=Han}/u;

/** What follows a road, a bridge, an estate or a landmark named after a place (文峰路, 长阳路, 松江大桥). */
const LANDMARK_AFTER = /^(路|街|巷|弄|桥|大桥|大道|村|站|园|苑|广场|小区|社区|公园|港|湾|塔)/;

/**
 * Last words of the names of things called after a place: schools,
 * hospitals, venues, media, businesses, transport hubs and events. Right
 * after a place name, or after a short modifier (交通 + 大学), they close one
 * name: the thing, not the place (a 大学 named after a city is not that
 * city's government). General vocabulary of kinds of named things, not
 * taken from any question set.
 */
const THING_HEADS = [
  "大学 学院 研究院 研究所 医院 博物馆 图书馆 美术馆 纪念馆 科技馆 文化馆 档案馆 体育馆 体育场",
  "体育中心 剧院 大剧院 音乐厅 动物园 植物园 游乐园 大学城 科学城",
  "卫视 电视台 广播电台 广播电视台 日报 晚报 都市报 银行 农商银行 集团 交易所",
  "机场 火车站 高铁站 东站 西站 南站 北站 码头",
  "亚运会 奥运会 大运会 全运会 运动会 博览会 世博会 交易会 马拉松",
]
  .join(" ")
  .split(" ")
  .sort((a, b) => b.length - a.length);

/** Longest modifier between a place and a thing's last word (上海 + 外国语 + 大学), in characters. */
const MAX_MODIFIER = 4;
/** A modifier's characters: Han or digits (上海外国语大学, 协和医院)… */
const MODIFIER_CHAR = /^[\p{Script=Han}\d]$/u;
/** …but no particle or function word (北京的大学, 武汉各大医院 are not names). */
const MODIFIER_BREAK =
  /^[的地得了着过是在有与及或跟到去从向对给把被让为于等都也还又就才只很最更这那哪每各]$/u;

let segmenter: Intl.Segmenter | undefined;

/** Offsets where the word segmenter (ICU, via Intl.Segmenter) puts a word boundary. */
export function wordBoundaries(text: string): Set<number> {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const out = new Set<number>([text.length]);
  for (const s of segmenter.segment(text)) out.add(s.index);
  return out;
}

/**
 * A filter for names in running text (questions, openings, titles), where a
 * place name must not be read out of ordinary words:
 * - a name right after its parent's (成都市武侯区) always stands;
 * - a name must start on a word boundary (浙西南山区 is not 南山区);
 * - a two-character official name (和县, 成县) only after a non-Han character
 *   or at the start (补助和县级, 四成县 are not places);
 * - generic town parts (老城区, 城关镇) only right after their parent;
 * - a short name (通山) must also end on a word boundary, not be an everyday
 *   word (和平, 新建; unless `commonWords` is set) and not open the name of
 *   a road, an estate or another thing called after it (文峰路, 北京大学;
 *   see {@link thingNameEnd}).
 */
export function runningTextFilter(
  text: string,
  options: { readonly commonWords?: boolean } = {},
): HitFilter {
  let bounds: Set<number> | undefined;
  return (t, hit, previous) => {
    bounds ??= wordBoundaries(text);
    if (followsItsParent(hit, previous)) return true;
    if (!bounds.has(hit.start)) return false;
    if (!hit.short) return officialStands(t, hit);
    if ((!options.commonWords && isCommonWord(hit.name)) || !endsWord(t, hit.end, bounds))
      return false;
    if (LANDMARK_AFTER.test(t.slice(hit.end, hit.end + 2))) return false;
    return (
      !closesWithOneCharacter(t, hit.end, hit.start) && thingNameEnd(t, hit.end, bounds) === null
    );
  };
}

/**
 * Where the name of a thing opened by the place name ending at `end` ends
 * (北京|大学, 上海|交通大学, 湖北省|博物馆), or null when the place opens no
 * such name (北京|养老, 北京|的大学, 武汉|大学生). The thing's last word
 * must end a word (the segmenter's `bounds`, a particle, the text's end).
 * Roads and estates (文峰路, 某某社区) are left to the caller: after an
 * official name they are that place's (某某市社区 are its communities).
 */
export function thingNameEnd(
  text: string,
  end: number,
  bounds: ReadonlySet<number> = wordBoundaries(text),
): number | null {
  for (let at = end; at <= end + MAX_MODIFIER && at < text.length; at++) {
    if (at > end && !modifierChar(text[at - 1] ?? "")) return null;
    const head = THING_HEADS.find((h) => text.startsWith(h, at));
    if (head && endsWord(text, at + head.length, bounds)) return at + head.length;
  }
  return null;
}

/** True when the word ends with the last word of a thing's name (人民医院, 博物馆, 卫视; see {@link thingNameEnd}). */
export function endsLikeThingName(word: string): boolean {
  return THING_HEADS.some((h) => word.endsWith(h));
}

/**
 * True when one character after a short place name closes the word (普洱茶,
 * 上海话, then nothing, 的 or punctuation): one word, which the name only
 * opens. Not a particle (扬中有, 北京吗) nor a level word (鄞州区); a verb
 * goes on (武汉建了, 南京附近), so the next character must end the phrase.
 * A name after 在, 去, 到 … (`start`: where it begins) is where something
 * happens, and the character after it a verb (在武汉办吗, 去杭州玩).
 */
export function closesWithOneCharacter(text: string, end: number, start = 0): boolean {
  if (LOCATIVE_BEFORE.test(text[start - 1] ?? "")) return false;
  const char = text[end] ?? "";
  if (!HAN.test(char) || LIGHT_AFTER.test(char) || FINAL_PARTICLE.test(char)) return false;
  if (LEVEL_WORD.test(char)) return false;
  const next = text[end + 1] ?? "";
  // Not before a particle: 武汉办吗, 上海有吗 ask whether something is done there (the usual
  // question), far more often than about a thing (上海话吗).
  return next === "" || next === "的" || PHRASE_END.test(next);
}

/** Particles closing a sentence (北京吗, 武汉办吗). */
const FINAL_PARTICLE = /^[吗呢吧啊呀嘛哦么啦咯]$/u;
/** Punctuation or a space: the phrase ends (a digit goes on: 温州温36号 is a number). */
const PHRASE_END = /^[\p{P}\s]$/u;
/** Words that make the place after them a location (在武汉, 去杭州, 到深圳, 回老家的县). */
const LOCATIVE_BEFORE = /^[在去到来从回往赴于]$/u;
/** Level words of a division's full name (鄞州|区). */
const LEVEL_WORD = /^[省市县区州旗盟镇乡]$/u;

function modifierChar(char: string): boolean {
  return MODIFIER_CHAR.test(char) && !MODIFIER_BREAK.test(char);
}

/**
 * Names of things that open with a place name (北京大学, 南京航空大学,
 * 湖北省博物馆; see {@link thingNameEnd}), in order, with their offsets: the
 * words a question or filter means as one keyword rather than as a place.
 */
export function thingsNamedAfterPlaces(text: string): ThingName[] {
  const bounds = wordBoundaries(text);
  const found: ThingName[] = [];
  scanPlaceNames(text, {
    short: true,
    accept: (t, hit) => {
      const one = hit.short && closesWithOneCharacter(t, hit.end, hit.start) ? hit.end + 1 : null;
      const end = bounds.has(hit.start) ? (one ?? thingNameEnd(t, hit.end, bounds)) : null;
      // 上海|浦东|机场: the name that opens first holds the whole.
      if (end === null || found.some((f) => hit.start < f.end)) return false;
      found.push({ text: t.slice(hit.start, end), start: hit.start, end });
      return true;
    },
  });
  return found;
}

/** A thing's name found by {@link thingsNamedAfterPlaces}: the words and their offsets. */
export interface ThingName {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A short name ends a word where the segmenter says so, or before a particle
 * or function word the segmenter tends to glue to unknown names (辽中的, 扬中有).
 */
function endsWord(text: string, end: number, bounds: ReadonlySet<number>): boolean {
  return bounds.has(end) || LIGHT_AFTER.test(text.slice(end, end + 1));
}

/** Characters that start no word with a place name's last character: particles, function words, punctuation. */
const LIGHT_AFTER =
  /^[的地得了着过是在有和与及或跟同到去从向对给把被让为于等都也还又就才只很最更比这那哪每各今近全人里内外\p{P}\s\d\p{Script=Latin}]/u;

function officialStands(text: string, hit: NameHit): boolean {
  if (hasGenericStem(hit.name)) return false;
  if (hit.name.length > 2) return true;
  return hit.start === 0 || !HAN.test(text[hit.start - 1] ?? "");
}

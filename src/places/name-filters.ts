import { hasGenericStem, isCommonWord } from "./common-words.ts";
import { followsItsParent, type HitFilter, type NameHit } from "./place-scan.ts";

const HAN = /\p{Script=Han}/u;

/** What follows a road, a bridge or an estate named after a place (文峰路, 长阳路, 松江大桥). */
const LANDMARK_AFTER = /^(路|街|巷|弄|桥|大桥|大道|村|站|园|苑|广场|小区|社区|公园|港|湾)/;

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
 *   word (和平, 新建; unless `commonWords` is set) and not start a road's or
 *   an estate's name (文峰路).
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
    return !LANDMARK_AFTER.test(t.slice(hit.end, hit.end + 2));
  };
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

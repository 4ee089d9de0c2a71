import { bodyKey } from "../documents/issuer-bodies.ts";
import { issuerShape, wantedIssuer } from "../documents/issuer-match.ts";
import type { MatchableReply } from "./matchable-reply.ts";

/**
 * Index keys of subscription filters: each filter is filed under the one key
 * a reply must have to match it that the fewest replies have. The reply's
 * side lists the keys it has; a filter is looked at only when the reply has
 * its key. Keys: a character pair of a keyword (numbers, see `gramCode`),
 * else strings: `p` + a place name, `y` + a year, `c` + a category, `k` + a
 * kind, `ip` + a place an issuer lies in, `ib` + a body's function key.
 */

/** Share of replies estimated to have a key, when no corpus figure is given. */
const SHARE = { issuerPlace: 0.005, place: 0.02, year: 0.15, body: 0.1, category: 0.25, kind: 0.5 };

/** What a filter is filed under: character pairs or string keys (any one suffices), or nothing (checked always). */
export type FilterIndexKey =
  | { readonly gram: number }
  | { readonly keys: readonly string[] }
  | null;

/** What of a filter the keys are chosen from. */
export interface KeyedParts {
  /** The keywords' character pairs with the share of replies estimated to hold each. */
  readonly grams: readonly { readonly gram: number; readonly share: number }[];
  readonly places: readonly string[] | null;
  readonly issuer: string | null;
  readonly year: number | null;
  readonly proposalKind: string | null;
  readonly resultCategory: string | null;
}

/** The key of the filter's part that the fewest replies are estimated to have. */
export function chooseIndexKey(parts: KeyedParts): FilterIndexKey {
  const options: { share: number; key: FilterIndexKey }[] = [];
  for (const { gram, share } of parts.grams) options.push({ share, key: { gram } });
  if (parts.places)
    options.push({ share: SHARE.place, key: { keys: parts.places.map((p) => `p${p}`) } });
  const issuer = parts.issuer ? issuerKeys(parts.issuer) : null;
  if (issuer) options.push(issuer);
  if (parts.year !== null) options.push({ share: SHARE.year, key: { keys: [`y${parts.year}`] } });
  if (parts.resultCategory)
    options.push({ share: SHARE.category, key: { keys: [`c${parts.resultCategory}`] } });
  if (parts.proposalKind)
    options.push({ share: SHARE.kind, key: { keys: [`k${parts.proposalKind}`] } });
  let best: { share: number; key: FilterIndexKey } | undefined;
  for (const option of options) if (!best || option.share < best.share) best = option;
  return best?.key ?? null;
}

/** Keys of issuer queries already read. */
const issuerKeyMemo = new Map<string, { share: number; key: FilterIndexKey } | null>();

/** An issuer query's key: the outermost place it names, else its body's function; null when neither. */
function issuerKeys(query: string): { share: number; key: FilterIndexKey } | null {
  let found = issuerKeyMemo.get(query);
  if (found === undefined) {
    if (issuerKeyMemo.size >= 50_000) issuerKeyMemo.clear();
    found = readIssuerKeys(query);
    issuerKeyMemo.set(query, found);
  }
  return found;
}

function readIssuerKeys(query: string): { share: number; key: FilterIndexKey } | null {
  const wanted = wantedIssuer(query);
  if (!wanted) return null;
  const outer = wanted.places[0];
  if (outer && outer.length > 0)
    return {
      share: SHARE.issuerPlace,
      key: { keys: [...new Set(outer.map((d) => `ip${d.name}`))] },
    };
  const key = bodyKey(wanted.body);
  return key ? { share: SHARE.body, key: { keys: [`ib${key}`] } } : null;
}

/** The string keys a reply has, and whether a body of it has no function key (then every `ib` key is asked). */
export function replyKeys(
  reply: MatchableReply,
  places: ReadonlySet<string>,
  year: number | null,
): { keys: string[]; unkeyedBody: boolean } {
  const keys = [...places].map((p) => `p${p}`);
  if (year !== null) keys.push(`y${year}`);
  if (reply.resultCategory) keys.push(`c${reply.resultCategory}`);
  if (reply.proposalKind) keys.push(`k${reply.proposalKind}`);
  let unkeyedBody = false;
  const issuers = reply.issuers.length > 0 ? reply.issuers : reply.issuer ? [reply.issuer] : [];
  for (const issuer of issuers) {
    const shape = issuerShape(issuer, reply.place);
    for (const d of shape.within) keys.push(`ip${d.name}`);
    const key = bodyKey(shape.body);
    if (key) keys.push(`ib${key}`);
    else unkeyedBody = true;
  }
  return { keys: [...new Set(keys)], unkeyedBody };
}

/**
 * A guess at the share of replies holding a character pair when no corpus
 * figure is given: pairs of characters common in government replies
 * (进行, 工作) score high, pairs of rarer ones (芯片, 托育) low.
 */
export function guessedShare(gram: string): number {
  let common = 0;
  for (const c of gram) {
    const rank = COMMON_RANK.get(c);
    if (rank !== undefined) common += 1 - rank / COMMON.length;
  }
  return 0.03 + 0.25 * common;
}

/** Characters found in nearly every government reply, most common first. */
const COMMON =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

const COMMON_RANK = new Map([...COMMON].map((c, i) => [c, i] as const));

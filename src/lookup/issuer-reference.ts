import { normalizeReference } from "../documents/doc-number.ts";
import { bodyKey, bodyRank } from "../documents/issuer-bodies.ts";
import { wantedIssuer } from "../documents/issuer-match.ts";

/**
 * The issuing body a lookup names beside its proposal number
 * (`桐庐县农业农村局第9号建议`, `桐庐农业局9号建议`, `第9号建议 桐庐县农业农村局`).
 */
export interface IssuerSpan {
  /** The body as typed (`桐庐农业局`): matched against replies' issuers by place and body. */
  readonly issuer: string;
  /** Official name of the place the body is said of (`桐庐县`); null when it names none (`县农业局`). */
  readonly place: string | null;
  /** The text beside the body, where the proposal number is. */
  readonly rest: string;
}

/** Words a body's name ends with when its function is not in the body list (档案馆, 管委会). */
const BODY_END = /(局|委|委员会|厅|部|办|办公室|政府|中心|院|馆|署|站|所|会|公司|集团)$/;

/** The text opens with a body (up to 第 or the number), or closes with one after a space. */
export function splitIssuer(text: string): IssuerSpan | null {
  const plain = text.normalize("NFKC").trim();
  const leading = /^(\p{Script=Han}{3,24}?)(?=第|[0-9A-Za-z〔【[(（])/u.exec(
    normalizeReference(plain),
  );
  if (leading?.[1]) {
    const span = asIssuer(leading[1]);
    if (span) return { ...span, rest: normalizeReference(plain).slice(leading[1].length) };
  }
  const words = plain.split(/\s+/);
  if (words.length < 2) return null;
  const [first = "", ...others] = words;
  const last = words.at(-1) ?? "";
  const after = asIssuer(normalizeReference(last));
  if (after) return { ...after, rest: words.slice(0, -1).join("") };
  const before = asIssuer(normalizeReference(first));
  return before ? { ...before, rest: others.join("") } : null;
}

/** `word` as an issuer when it names a body (with or without a place), else null. */
function asIssuer(word: string): Omit<IssuerSpan, "rest"> | null {
  const wanted = wantedIssuer(word);
  if (!wanted || wanted.body.length < 2) return null;
  const { body } = wanted;
  if (!bodyKey(body) && !bodyRank(body) && !BODY_END.test(body)) return null;
  const place = wanted.places.at(-1)?.[0]?.name ?? null;
  return { issuer: word, place };
}

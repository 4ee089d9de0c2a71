import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseReplyFile } from "../src/documents/parse-reply-file.ts";
import type { ReplyDocument } from "../src/documents/reply.ts";
import { Random } from "./random.ts";
import {
  CITIES,
  DEPARTMENTS,
  DISTRICTS,
  GrowingVocabulary,
  latinName,
  personName,
} from "./vocabulary.ts";

/**
 * A deterministic archive of replies built from the seed texts: real
 * structure (letterhead, title, salutation, opening, topic sections with
 * 一是… items, closing plan, signature, contact, 抄送), seed sentences mixed
 * across documents with their places, quoted names, latin names and numbers
 * varied, and a growing vocabulary of made-up names. Generated replies come
 * from other cities' bodies, so the seeds' 文号, proposal numbers and facts
 * stay unique and the dev questions keep one right answer.
 */

/** One file of the generated archive. */
export interface GeneratedFile {
  readonly name: string;
  readonly text: string;
}

interface SentencePools {
  opening: string[];
  topic: string[];
  closing: string[];
  topicTitles: string[];
  /** Seed characters, most frequent first. */
  chars: string[];
  /** The most frequent seed bigrams: the domain's shared vocabulary. */
  commonBigrams: Set<string>;
}

/** Bump when generation changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 5;

/** How many of the most frequent seed bigrams generated replies share. */
const SHARED_BIGRAMS = 300;
/** Share of each run of text that must be a reply's own words, so no seed clause is repeated. */
const MIN_OWN_SHARE = 0.5;

/** Places and bodies of the seeds, replaced in generated text. */
const SEED_PLACES =
  /上海市|上海|本市|杨浦区|杨浦|长三角|虹口|张江|浦东|闵行|宝山|嘉定|金山|市科委|区科委|市科协/g;
const SEED_PROPOSAL_NUMBERS = new Set([682, 539, 515, 608, 297]);

/** Reads the seeds (the bundled corpus) into sentence pools. */
export function loadSeedPools(seedsDir: string): { pools: SentencePools; seeds: GeneratedFile[] } {
  const pools: SentencePools = {
    opening: [],
    topic: [],
    closing: [],
    topicTitles: [],
    chars: [],
    commonBigrams: new Set(),
  };
  const bigrams = new Map<string, number>();
  const seeds: GeneratedFile[] = [];
  const chars = new Map<string, number>();
  for (const name of readdirSync(seedsDir).sort()) {
    const bytes = readFileSync(path.join(seedsDir, name));
    seeds.push({ name, text: bytes.toString("utf8") });
    const doc: ReplyDocument = parseReplyFile(name, bytes);
    for (const section of doc.sections) {
      const sentences = section.text
        .split(/(?<=[。；])/)
        .map((s) => s.trim())
        .filter((s) => s.length >= 12 && !/^(?:你们|关于|\d+\.|[一二三四五六七八九十]+、)/.test(s));
      (section.kind === "opening"
        ? pools.opening
        : section.kind === "closing"
          ? pools.closing
          : pools.topic
      ).push(...sentences);
      if (section.kind === "topic") {
        const quoted = /“(.+)”/.exec(section.title)?.[1];
        pools.topicTitles.push(
          quoted ?? section.title.replace(/^[\d.一二三四五六七八九十、]*关于|的建议$|方面$/g, ""),
        );
      }
      for (const c of section.text.match(/\p{Script=Han}/gu) ?? [])
        chars.set(c, (chars.get(c) ?? 0) + 1);
      for (const run of section.text.match(/\p{Script=Han}{2,}/gu) ?? []) {
        for (let i = 0; i + 2 <= run.length; i++) {
          const bigram = run.slice(i, i + 2);
          bigrams.set(bigram, (bigrams.get(bigram) ?? 0) + 1);
        }
      }
    }
  }
  pools.chars = [...chars].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  pools.commonBigrams = new Set(
    [...bigrams]
      .sort((a, b) => b[1] - a[1])
      .slice(0, SHARED_BIGRAMS)
      .map(([b]) => b),
  );
  return { pools, seeds };
}

/** Generates `count` replies (plus the seeds, unchanged) from a seed number. */
export function* generateCorpus(
  seedsDir: string,
  count: number,
  seed = 20261122,
): Generator<GeneratedFile> {
  const { pools, seeds } = loadSeedPools(seedsDir);
  yield* seeds;
  const rng = new Random(seed);
  const vocabulary = new GrowingVocabulary(rng, pools.chars);
  const serials = new Map<string, number>();
  for (let i = 0; i < count; i++) yield generateReply(i, rng, vocabulary, pools, serials);
}

function generateReply(
  i: number,
  rng: Random,
  vocab: GrowingVocabulary,
  pools: SentencePools,
  serials: Map<string, number>,
): GeneratedFile {
  const [city, cityShort] = rng.pick(CITIES);
  const district = rng.chance(0.2) ? rng.pick(DISTRICTS) : null;
  const [dept, deptShort] = rng.pick(DEPARTMENTS);
  const congress = rng.chance(0.5);
  const issuer = district ? `${city}市${district}区人民政府` : `${city}市${dept}`;
  const prefix = district
    ? `${cityShort}${district.slice(0, 1)}府`
    : `${cityShort}${deptShort}${congress ? "建" : "提"}复`;
  const year = rng.int(2018, 2025);
  const serial = (serials.get(`${prefix}${year}`) ?? 0) + 1;
  serials.set(`${prefix}${year}`, serial);
  let number = rng.int(1, 999);
  while (SEED_PROPOSAL_NUMBERS.has(number)) number = rng.int(1, 999);
  const term = congress ? rng.int(14, 17) : rng.int(12, 15);
  const session = `市${congress ? `${cn(term)}届人大` : `政协${cn(term)}届`}${cn(rng.int(1, 5))}次会议`;
  const place = () => (rng.chance(0.6) ? `${city}` : rng.pick(CITIES)[0]);
  const swap = ownVocabulary(pools.commonBigrams, vocab, rng);
  const vary = (s: string) => swap(varySentence(s, rng, vocab, place));
  const topics = Array.from({ length: rng.int(2, 5) }, () =>
    vary(rng.pick(pools.topicTitles)).replace(/[“”。，]/g, ""),
  );
  const proposers = congress
    ? rng.chance(0.2)
      ? `${rng.pick(DISTRICTS)}代表团`
      : `${personName(rng)}代表`
    : rng.chance(0.3)
      ? `${rng.pick(["民盟", "民进", "九三学社", "农工党", "致公党"])}界别`
      : `${personName(rng)}、${personName(rng)}等委员`;
  const paragraphs = [
    rng.chance(0.5) ? "办理结果：解决采纳" : "",
    issuer,
    `${prefix}〔${year}〕${serial}号`,
    `对${session}第${String(number).padStart(4, "0")}号${congress ? "代表建议" : "提案"}的答复`,
    `${proposers}：`,
    `你们提出的“关于${vocab.reuse()}${rng.pick(topics)}的建议”${congress ? "" : "的提案"}收悉，经研究，现将办理情况答复如下：`,
    ...pick(rng, pools.opening, rng.int(1, 3)).map(vary),
    ...topics.map((topic) => topicParagraph(topic, rng, pools, vary)),
    `下阶段，${pick(rng, pools.closing, rng.int(1, 3)).map(vary).join("")}`,
    "感谢你们对本市工作的关心与支持。",
    issuer,
    `${year}年${rng.int(1, 12)}月${rng.int(1, 28)}日`,
    `联系人：${personName(rng)}`,
    `联系电话：${rng.int(20000000, 69999999)}`,
    `抄送：${city}市政府办公室建议提案处。`,
  ].filter(Boolean);
  return {
    name: `g${String(i).padStart(6, "0")}.md`,
    text: breakPages(paragraphs, rng).join("\n\n"),
  };
}

function topicParagraph(
  topic: string,
  rng: Random,
  pools: SentencePools,
  vary: (s: string) => string,
): string {
  const items = pick(rng, pools.topic, rng.int(3, 9)).map(vary);
  const numbered = rng.chance(0.6)
    ? items.map((s, i) => (i < 4 && i % 2 === 0 ? `${"一二三四五"[i / 2]}是${s}` : s))
    : items;
  const lead = rng.chance(0.5) ? `**关于“${topic}”的建议**，` : `关于“${topic}”的建议方面，`;
  return lead + numbered.join("");
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

/** Replaces places, quoted names, latin names and numbers, and slips in made-up words. */
function varySentence(
  s: string,
  rng: Random,
  vocab: GrowingVocabulary,
  place: () => string,
): string {
  let out = s
    .replace(SEED_PLACES, () => place())
    .replace(/“[^“”]{2,20}”/g, () => `“${vocab.reuse()}${rng.chance(0.5) ? vocab.reuse() : ""}”`)
    .replace(/[A-Za-z][A-Za-z0-9]+/g, () => latinName(rng))
    .replace(/\d+(?:\.\d+)?/g, (n) => varyNumber(n, rng));
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

function cn(n: number): string {
  const digits = "零一二三四五六七八九";
  if (n < 10) return digits[n] ?? "";
  return `${n >= 20 ? digits[Math.floor(n / 10)] : ""}十${n % 10 ? digits[n % 10] : ""}`;
}

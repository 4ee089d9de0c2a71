import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { EvalCase } from "../src/cli/eval-command.ts";
import { MAX_EXCERPT_LENGTH } from "../src/search/excerpt.ts";

/**
 * Quality measured honestly on a generated archive that may genuinely answer
 * a dev question too: a generated reply can carry the same figure or phrase
 * (the seeds' wording recurs, as boilerplate does in a real archive). Every
 * question is scored strictly (the labelled reply) and leniently (any reply
 * whose text contains the answer string), and the report says how many
 * questions have their answer in generated replies at all.
 */

/** One ranked result of any engine: where it comes from and what it shows. */
export interface RankedHit {
  /** The reply's file name (basename of its source), when known. */
  readonly file: string | null;
  readonly docNumber: string | null;
  readonly excerpt: string;
}

/** Quality of one engine on one question set. */
export interface Quality {
  readonly questions: number;
  /** The first result is a labelled reply. */
  readonly docAt1: number;
  /** A labelled reply in the first three, its excerpt (≤ 160) showing the answer. */
  readonly answerAt3: number;
  /** The first result is a labelled reply, or any reply whose text contains the answer. */
  readonly anyDocAt1: number;
  /** Any of the first three excerpts (≤ 160) shows the answer, whichever reply it is from. */
  readonly anyAnswerAt3: number;
  /** Ids of the questions missed strictly (doc@1 or answer@3). */
  readonly misses: readonly string[];
}

/** Where the answer strings of a question set occur in the generated replies. */
export interface AnswerSpread {
  /** Questions with at least one answer string. */
  readonly withAnswer: number;
  /** Of those, questions whose answer string occurs in at least one generated reply. */
  readonly inGenerated: number;
  /** Generated replies containing some question's answer (summed over questions). */
  readonly generatedReplies: number;
  /** Of those, replies from a body in the labelled reply's province (the seeds: 上海市). */
  readonly samePlace: number;
  /** Per question id: generated replies containing its answer. */
  readonly perQuestion: Record<string, number>;
}

const squash = (s: string) => s.replace(/\s+/g, "");
/** A question case (a lookup case is scored by the lookup, not here). */
const isQuestion = (c: EvalCase) => c.lookup === undefined && c.q !== undefined;
const answersOf = (c: EvalCase) => (c.answer ?? []).map(squash).filter(Boolean);

/** Per question: the files (of `dir`) whose text contains one of its answer strings. */
export function filesWithAnswers(
  dir: string,
  cases: readonly EvalCase[],
): Map<string, Set<string>> {
  const wanted = cases.filter((c) => isQuestion(c) && answersOf(c).length > 0);
  const found = new Map<string, Set<string>>(wanted.map((c) => [c.id, new Set<string>()]));
  for (const file of readdirSync(dir)) {
    if (!/\.(?:md|txt|html?)$/.test(file)) continue;
    const text = squash(readFileSync(path.join(dir, file), "utf8"));
    for (const c of wanted) {
      if (answersOf(c).some((a) => text.includes(a))) found.get(c.id)?.add(file);
    }
  }
  return found;
}

/**
 * Counts questions answered in generated replies. `isGenerated` tells a
 * generated file from a seed; `placeOf` gives a generated file's province.
 */
export function answerSpread(
  cases: readonly EvalCase[],
  files: ReadonlyMap<string, ReadonlySet<string>>,
  isGenerated: (file: string) => boolean,
  sameProvince: (file: string) => boolean,
): AnswerSpread {
  const perQuestion: Record<string, number> = {};
  let withAnswer = 0;
  let inGenerated = 0;
  let generatedReplies = 0;
  let samePlace = 0;
  for (const c of cases) {
    const hits = files.get(c.id);
    if (!hits) continue;
    withAnswer++;
    const generated = [...hits].filter(isGenerated);
    perQuestion[c.id] = generated.length;
    if (generated.length > 0) inGenerated++;
    generatedReplies += generated.length;
    samePlace += generated.filter(sameProvince).length;
  }
  return { withAnswer, inGenerated, generatedReplies, samePlace, perQuestion };
}

/** Scores an engine's ranked hits on question cases (lookups are skipped), strictly and leniently. */
export async function scoreHonestly(
  cases: readonly EvalCase[],
  ask: (question: string) => Promise<readonly RankedHit[]> | readonly RankedHit[],
  files: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<Quality> {
  let questions = 0;
  let docAt1 = 0;
  let answerAt3 = 0;
  let anyDocAt1 = 0;
  let anyAnswerAt3 = 0;
  const misses: string[] = [];
  for (const c of cases) {
    if (!isQuestion(c)) continue;
    questions++;
    const hits = (await ask(c.q ?? "")).slice(0, 3);
    const answers = answersOf(c);
    const labelled = (h: RankedHit | undefined) =>
      h?.docNumber != null && c.docs.includes(h.docNumber);
    const shows = (h: RankedHit) => {
      const excerpt = squash(h.excerpt);
      return (
        excerpt.length <= MAX_EXCERPT_LENGTH &&
        (answers.length === 0 || answers.some((a) => excerpt.includes(a)))
      );
    };
    const containing = files.get(c.id);
    const first = hits[0];
    const strictDoc = labelled(first);
    const strictAnswer = hits.some((h) => labelled(h) && shows(h));
    if (strictDoc) docAt1++;
    if (strictAnswer) answerAt3++;
    if (strictDoc || (first?.file != null && containing?.has(first.file))) anyDocAt1++;
    if (strictAnswer || (answers.length > 0 && hits.some(shows))) anyAnswerAt3++;
    if (!strictDoc || !strictAnswer) misses.push(c.id);
  }
  return { questions, docAt1, answerAt3, anyDocAt1, anyAnswerAt3, misses };
}

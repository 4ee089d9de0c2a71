import { readFileSync } from "node:fs";
import type { App } from "../app.ts";
import { AppError } from "../errors.ts";
import { lookupReference, replyLabel } from "../lookup/lookup.ts";
import { MAX_EXCERPT_LENGTH } from "../search/excerpt.ts";
import { type AskResultJson, askJson } from "./ask-command.ts";
import type { CliOutput } from "./output.ts";

/** One case of an evaluation file (see ../shared/eval/README.md). */
export interface EvalCase {
  id: string;
  q?: string;
  lookup?: string;
  docs: string[];
  answer?: string[];
}

/** Scores of one run. */
export interface EvalScores {
  questions: number;
  docAt1: number;
  answerAt3: number;
  lookups: number;
  lookupHits: number;
  misses: string[];
}

/** What is evaluated: a question answerer and, optionally, a lookup. */
export interface EvalSubject {
  ask(question: string): Promise<readonly Pick<AskResultJson, "docNumber" | "excerpt">[]>;
  /** The 文号 found, or null for "not found". Lookups are skipped when absent. */
  lookup?(reference: string): Promise<string | null>;
}

const squash = (s: string) => s.replace(/\s+/g, "");

/** Reads an evaluation file (JSON lines). */
export function readEvalCases(file: string): EvalCase[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("USAGE", `无法读取评测文件 ${file}`, { cause: error });
  }
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalCase);
}

/** dafu itself as an evaluation subject. */
export function appSubject(app: App): EvalSubject {
  return {
    ask: async (q) => (await askJson(app, q, 3)).results,
    lookup: async (ref) => {
      const r = await lookupReference(app.db, ref);
      return r?.found ? replyLabel(r.reply) : null;
    },
  };
}

/** Scores doc@1 and answer@3 (excerpt ≤ 160 characters, whitespace removed) and lookups. */
export async function scoreCases(
  cases: readonly EvalCase[],
  subject: EvalSubject,
): Promise<EvalScores> {
  const scores: EvalScores = {
    questions: 0,
    docAt1: 0,
    answerAt3: 0,
    lookups: 0,
    lookupHits: 0,
    misses: [],
  };
  for (const c of cases) {
    if (c.lookup !== undefined) {
      if (!subject.lookup) continue;
      scores.lookups++;
      const got = await subject.lookup(c.lookup);
      const ok = c.docs.length === 0 ? got === null : got !== null && c.docs.includes(got);
      if (ok) scores.lookupHits++;
      else
        scores.misses.push(
          `${c.id} lookup “${c.lookup}”: expected ${c.docs.join("|") || "not found"}, got ${got ?? "not found"}`,
        );
      continue;
    }
    scores.questions++;
    const results = await subject.ask(c.q ?? "");
    const first = results[0]?.docNumber ?? null;
    if (first && c.docs.includes(first)) scores.docAt1++;
    else
      scores.misses.push(
        `${c.id} doc@1 “${c.q}”: expected ${c.docs.join("|")}, got ${first ?? "nothing"}`,
      );
    const answers = (c.answer ?? []).map(squash);
    const hit = results.slice(0, 3).some((r) => {
      const excerpt = squash(r.excerpt);
      const inDocs = r.docNumber !== null && c.docs.includes(r.docNumber);
      return (
        inDocs &&
        excerpt.length <= MAX_EXCERPT_LENGTH &&
        (answers.length === 0 || answers.some((a) => excerpt.includes(a)))
      );
    });
    if (hit) scores.answerAt3++;
    else {
      const got = results.map((r) => `${r.docNumber}: ${r.excerpt}`).join(" ‖ ");
      scores.misses.push(
        `${c.id} answer@3 “${c.q}”: expected ${c.answer?.join("|")} in ${c.docs.join("|")}; got ${got}`,
      );
    }
  }
  return scores;
}

/** Runs every case of `file` against dafu. */
export function evaluate(app: App, file: string): Promise<EvalScores> {
  return scoreCases(readEvalCases(file), appSubject(app));
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)}%`);

/** `eval [FILE]`: prints the scores and every miss; exit 1 when anything missed. */
export async function evalCommand(
  app: App,
  file: string,
  json: boolean,
  io: CliOutput,
): Promise<number> {
  const s = await evaluate(app, file);
  if (json) {
    io.out(JSON.stringify(s));
  } else {
    for (const miss of s.misses) io.out(`✗ ${miss}`);
    io.out(`doc@1 ${s.docAt1}/${s.questions} (${pct(s.docAt1, s.questions)})`);
    io.out(`answer@3 ${s.answerAt3}/${s.questions} (${pct(s.answerAt3, s.questions)})`);
    io.out(`lookup ${s.lookupHits}/${s.lookups} (${pct(s.lookupHits, s.lookups)})`);
  }
  return s.misses.length === 0 ? 0 : 1;
}

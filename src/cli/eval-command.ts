import { readFileSync } from "node:fs";
import type { App } from "../app.ts";
import { AppError } from "../errors.ts";
import { lookupReference, replyLabel } from "../lookup/lookup.ts";
import { MAX_EXCERPT_LENGTH } from "../search/excerpt.ts";
import { askJson } from "./ask-command.ts";
import type { CliOutput } from "./output.ts";

/** One case of an evaluation file (see ../shared/eval/README.md). */
interface EvalCase {
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

const squash = (s: string) => s.replace(/\s+/g, "");

/** Runs every case and scores doc@1, answer@3 and lookups. */
export async function evaluate(app: App, file: string): Promise<EvalScores> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("USAGE", `无法读取评测文件 ${file}`, { cause: error });
  }
  const cases = text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalCase);
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
      scores.lookups++;
      const r = await lookupReference(app.db, c.lookup);
      const got = r?.found ? replyLabel(r.reply) : null;
      const ok = c.docs.length === 0 ? !r?.found : got !== null && c.docs.includes(got);
      if (ok) scores.lookupHits++;
      else
        scores.misses.push(
          `${c.id} lookup “${c.lookup}”: expected ${c.docs.join("|") || "not found"}, got ${got ?? "not found"}`,
        );
      continue;
    }
    scores.questions++;
    const { results } = await askJson(app, c.q ?? "", 3);
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
    else
      scores.misses.push(
        `${c.id} answer@3 “${c.q}”: expected ${c.answer?.join("|")} in ${c.docs.join("|")}; got ${results.map((r) => `${r.docNumber}: ${r.excerpt}`).join(" ‖ ")}`,
      );
  }
  return scores;
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

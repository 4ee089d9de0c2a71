import path from "node:path";
import { MAX_EXCERPT_LENGTH } from "../search/excerpt.ts";
import type { AskResultJson } from "./ask-command.ts";
import { readJsonLines } from "./json-lines.ts";

/**
 * One case of an evaluation file (see ../shared/eval/README.md). `docs` name
 * replies by 文号 (the dev set) or by file name (the variety set).
 */
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

/** A reply as an evaluation names it: its 文号 and its source (file path relative to its folder). */
export interface EvalDoc {
  readonly docNumber: string | null;
  readonly source?: string | null;
}

/** What a lookup answered, with every reply named. */
export type EvalLookup =
  | { readonly kind: "found"; readonly doc: EvalDoc; readonly related: readonly EvalDoc[] }
  | { readonly kind: "ambiguous"; readonly candidates: readonly EvalDoc[] }
  | { readonly kind: "not_found" };

/** What is evaluated: a question answerer and, optionally, a lookup. */
export interface EvalSubject {
  ask(
    question: string,
  ): Promise<readonly (Pick<AskResultJson, "docNumber" | "excerpt"> & EvalDoc)[]>;
  /** Lookups are skipped when absent. */
  lookup?(reference: string): Promise<EvalLookup>;
}

const squash = (s: string) => s.replace(/\s+/g, "");

/** Reads an evaluation file (JSON lines). */
export function readEvalCases(file: string): EvalCase[] {
  return readJsonLines<EvalCase>(file);
}

/** True when a case's `docs` names this reply, by 文号 or by file name. */
export function namesDoc(docs: readonly string[], doc: EvalDoc): boolean {
  const names = [doc.docNumber, doc.source, doc.source ? path.basename(doc.source) : null];
  return names.some((n) => n != null && docs.includes(n));
}

const nameOf = (d: EvalDoc) => d.docNumber ?? d.source ?? "?";

/** Every name in `docs` is matched by one of `got`, and every one of `got` is in `docs`. */
function sameSet(docs: readonly string[], got: readonly EvalDoc[]): boolean {
  return (
    got.every((d) => namesDoc(docs, d)) &&
    docs.every((name) => got.some((d) => namesDoc([name], d)))
  );
}

/**
 * A lookup is right when it finds the one reply named; for several replies,
 * when it says "ambiguous" listing exactly them, or finds one with the others
 * as related (主办 + 会办); for none, when it says not found.
 */
export function lookupIsRight(docs: readonly string[], got: EvalLookup): boolean {
  if (docs.length === 0) return got.kind === "not_found";
  if (got.kind === "not_found") return false;
  if (got.kind === "ambiguous") return docs.length > 1 && sameSet(docs, got.candidates);
  if (!namesDoc(docs, got.doc)) return false;
  return docs.length === 1 || sameSet(docs, [got.doc, ...got.related]);
}

function describeLookup(got: EvalLookup): string {
  if (got.kind === "not_found") return "not found";
  if (got.kind === "ambiguous") return `ambiguous ${got.candidates.map(nameOf).join("|")}`;
  const related = got.related.length > 0 ? ` + related ${got.related.map(nameOf).join("|")}` : "";
  return `${nameOf(got.doc)}${related}`;
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
      if (subject.lookup) await scoreLookup(c, subject.lookup, scores);
      continue;
    }
    await scoreQuestion(c, subject, scores);
  }
  return scores;
}

async function scoreLookup(
  c: EvalCase,
  lookup: NonNullable<EvalSubject["lookup"]>,
  scores: EvalScores,
): Promise<void> {
  scores.lookups++;
  const got = await lookup(c.lookup ?? "");
  if (lookupIsRight(c.docs, got)) scores.lookupHits++;
  else
    scores.misses.push(
      `${c.id} lookup “${c.lookup}”: expected ${c.docs.join("|") || "not found"}, got ${describeLookup(got)}`,
    );
}

/**
 * doc@1: the first result is one of `docs` (none expected: no result at all).
 * answer@3: one of the first three is one of `docs` with the answer in its
 * excerpt (none expected: no result at all).
 */
async function scoreQuestion(c: EvalCase, subject: EvalSubject, scores: EvalScores): Promise<void> {
  scores.questions++;
  const results = await subject.ask(c.q ?? "");
  const unanswerable = c.docs.length === 0;
  const first = results[0];
  const firstOk = unanswerable
    ? first === undefined
    : first !== undefined && namesDoc(c.docs, first);
  if (firstOk) scores.docAt1++;
  else
    scores.misses.push(
      `${c.id} doc@1 “${c.q}”: expected ${c.docs.join("|") || "no answer"}, got ${first ? nameOf(first) : "nothing"}`,
    );
  const answers = (c.answer ?? []).map(squash);
  const hit = unanswerable
    ? results.length === 0
    : results.slice(0, 3).some((r) => {
        const excerpt = squash(r.excerpt);
        return (
          namesDoc(c.docs, r) &&
          excerpt.length <= MAX_EXCERPT_LENGTH &&
          (answers.length === 0 || answers.some((a) => excerpt.includes(a)))
        );
      });
  if (hit) scores.answerAt3++;
  else {
    const got = results.map((r) => `${nameOf(r)}: ${r.excerpt}`).join(" ‖ ");
    scores.misses.push(
      `${c.id} answer@3 “${c.q}”: expected ${c.answer?.join("|") || "no answer"} in ${c.docs.join("|") || "—"}; got ${got || "nothing"}`,
    );
  }
}

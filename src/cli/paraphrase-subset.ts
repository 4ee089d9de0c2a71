import path from "node:path";
import type { App } from "../app.ts";
import { contentText } from "../search/query-analysis.ts";
import { normalizeForSearch, tokenizeNormalized } from "../search/tokenizer.ts";
import type { EvalCase } from "./eval-scoring.ts";

/**
 * Below this share of the question's own terms in the sentence that holds
 * the answer, a question counts as paraphrased: it asks in other words than
 * the reply uses (看病 for 就医).
 */
export const PARAPHRASE_SHARE = 0.5;

const squash = (s: string) => s.replace(/\s+/g, "");

/** The bodies of the replies a case names, by 文号 or by file name. */
async function namedTexts(app: App, docs: readonly string[]): Promise<string[]> {
  const rows = await app.db
    .selectFrom("reply")
    .innerJoin("reply_section", "reply_section.reply_id", "reply.id")
    .select(["reply.doc_number", "reply.source_file", "reply_section.body"])
    .execute();
  return rows
    .filter(
      (r) =>
        (r.doc_number !== null && docs.includes(r.doc_number)) ||
        docs.includes(r.source_file) ||
        docs.includes(path.basename(r.source_file)),
    )
    .map((r) => r.body);
}

/**
 * The share of a question's terms found in the sentences (of the replies it
 * names) that hold one of its answers; null when no such sentence is found.
 */
export async function ownWordShare(app: App, c: EvalCase): Promise<number | null> {
  const answers = (c.answer ?? []).map(squash).filter(Boolean);
  if (!c.q || c.docs.length === 0 || answers.length === 0) return null;
  const sentences = (await namedTexts(app, c.docs))
    .flatMap((body) => body.split(/(?<=[。；！？\n])/))
    .filter((s) => answers.some((a) => squash(s).includes(a)));
  if (sentences.length === 0) return null;
  const present = new Set(sentences.flatMap((s) => tokenizeNormalized(normalizeForSearch(s))));
  const terms = [...new Set(tokenizeNormalized(contentText(c.q)))];
  if (terms.length === 0) return null;
  return terms.filter((t) => present.has(t)).length / terms.length;
}

/** The answerable cases asked mostly in words the answering sentence does not use. */
export async function paraphrasedCases(app: App, cases: readonly EvalCase[]): Promise<EvalCase[]> {
  const out: EvalCase[] = [];
  for (const c of cases) {
    const share = await ownWordShare(app, c);
    if (share !== null && share < PARAPHRASE_SHARE) out.push(c);
  }
  return out;
}

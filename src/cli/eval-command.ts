import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, openApp } from "../app.ts";
import type { Config } from "../config.ts";
import { lookupReference } from "../lookup/lookup.ts";
import type { ReplySummary } from "../storage/reply.repository.ts";
import { askJson } from "./ask-command.ts";
import {
  type EvalDoc,
  type EvalLookup,
  type EvalScores,
  type EvalSubject,
  readEvalCases,
  scoreCases,
} from "./eval-scoring.ts";
import type { CliOutput } from "./output.ts";
import { PARAPHRASE_SHARE, paraphrasedCases } from "./paraphrase-subset.ts";

export {
  type EvalCase,
  type EvalScores,
  type EvalSubject,
  readEvalCases,
  scoreCases,
} from "./eval-scoring.ts";

const evalDoc = (r: ReplySummary): EvalDoc => ({ docNumber: r.docNumber, source: r.sourceFile });

/** dafu itself as an evaluation subject. */
export function appSubject(app: App): EvalSubject {
  return {
    ask: async (q) => (await askJson(app, q, 3)).results,
    lookup: async (ref): Promise<EvalLookup> => {
      const r = await lookupReference(app.db, ref);
      if (r?.found)
        return { kind: "found", doc: evalDoc(r.reply), related: r.related.map(evalDoc) };
      if (r?.reason === "ambiguous")
        return { kind: "ambiguous", candidates: r.candidates.map(evalDoc) };
      return { kind: "not_found" };
    },
  };
}

/** Runs every case of `file` against dafu. */
export function evaluate(app: App, file: string): Promise<EvalScores> {
  return scoreCases(readEvalCases(file), appSubject(app));
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)}%`);

/**
 * Opens dafu over a temporary database holding the bundled replies and the
 * reply files beside the evaluation file, runs `work`, and removes it all.
 */
async function withEvalApp<T>(
  config: Config,
  file: string,
  io: CliOutput,
  work: (app: App) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "dafu-eval-"));
  let app: App | undefined;
  try {
    app = await openApp({ ...config, dataDir });
    const folder = path.dirname(path.resolve(file));
    if (folder !== path.resolve(config.corpusDir)) {
      const report = await app.ingest([folder]);
      const skipped = report.results.filter((r) => r.outcome === "failed");
      io.err(
        `评测目录入库 ${report.added + report.revised + report.unchanged} 份，未入库 ${skipped.length} 个文件`,
      );
      for (const r of skipped)
        io.err(`  未入库 ${path.basename(r.file)}：${r.message}（${r.errorCode}）`);
    }
    return await work(app);
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `eval [FILE]`: ingests the bundled replies and FILE's folder into a
 * temporary database, prints doc@1, answer@3, lookups and every miss; exit 1
 * when anything missed.
 */
export async function evalCommand(
  config: Config,
  file: string,
  json: boolean,
  io: CliOutput,
): Promise<number> {
  const { s, paraphrased } = await withEvalApp(config, file, io, async (app) => {
    const cases = readEvalCases(file);
    const subset = await paraphrasedCases(app, cases);
    const subject = appSubject(app);
    return { s: await scoreCases(cases, subject), paraphrased: await scoreCases(subset, subject) };
  });
  const { misses: _misses, ...paraphrasedScores } = paraphrased;
  if (json) {
    io.out(JSON.stringify({ ...s, paraphrased: paraphrasedScores }));
  } else {
    for (const miss of s.misses) io.out(`✗ ${miss}`);
    io.out(`doc@1 ${s.docAt1}/${s.questions} (${pct(s.docAt1, s.questions)})`);
    io.out(`answer@3 ${s.answerAt3}/${s.questions} (${pct(s.answerAt3, s.questions)})`);
    io.out(`lookup ${s.lookupHits}/${s.lookups} (${pct(s.lookupHits, s.lookups)})`);
    const p = paraphrased;
    if (p.questions > 0)
      io.out(
        `paraphrased (under ${PARAPHRASE_SHARE * 100}% of the question's terms in the answering sentence): ` +
          `${p.questions} questions, doc@1 ${p.docAt1}/${p.questions} (${pct(p.docAt1, p.questions)}), ` +
          `answer@3 ${p.answerAt3}/${p.questions} (${pct(p.answerAt3, p.questions)})`,
      );
  }
  return s.misses.length === 0 ? 0 : 1;
}

import { rmSync } from "node:fs";
import path from "node:path";
import { type App, openApp } from "../src/app.ts";
import type { EvalCase } from "../src/cli/eval-command.ts";
import type { Config } from "../src/config.ts";
import { Catalog } from "../src/search/catalog.ts";
import { buildIndex, INDEX_SNAPSHOT_FILE } from "../src/search/index-store.ts";
import { analyzeQuestion } from "../src/search/query-analysis.ts";
import type { SectionIndex } from "../src/search/section-index.ts";
import { type ChurnStats, churn } from "./churn.ts";
import { dafuAnswerEngine, dafuAsk, dafuSearchEngine } from "./engines.ts";
import { filesWithAnswers, type Quality, scoreHonestly } from "./honest-quality.ts";
import { type Percentiles, timeInterleaved } from "./interleave.ts";

/**
 * The churn benchmark around {@link churn}: dafu's quality and query latency
 * in the running process before and after the revisions, the same after a
 * restart (a fresh build), and how many questions the live index ranks
 * exactly as a fresh build of the same database does.
 */

/** Quality and latency at one moment. */
export interface ChurnPoint {
  readonly quality: Record<string, Quality>;
  /** Median across rounds of the engine alone (search) and end to end (answer). */
  readonly search: Percentiles;
  readonly answer: Percentiles;
  /** Short ids handed out and churn since the last pack (grows with churn until compaction). */
  readonly footprint: Record<string, number>;
}

/** What the churn benchmark measured. */
export interface ChurnResult {
  readonly stats: ChurnStats;
  readonly before: ChurnPoint;
  readonly after: ChurnPoint;
  /** Quality after a restart with the snapshot removed (a fresh build of the churned database). */
  readonly restart: Record<string, Quality>;
  /** Questions of the mix whose top 24 (ids and scores to 1e-9) equal a fresh build's. */
  readonly sameRanking: number;
  readonly questions: number;
  /** Largest score difference between live and fresh, over all compared hits. */
  readonly maxScoreDiff: number;
}

/** Options of {@link runChurn}. */
export interface ChurnRunOptions {
  readonly revisions: number;
  readonly batch: number;
  readonly seed: number;
  readonly corpusDir: string;
  readonly workDir: string;
  readonly questions: readonly string[];
  readonly rounds: number;
  readonly evalSets: Record<string, EvalCase[]>;
  readonly config: Config;
  readonly log: (line: string) => void;
}

/** Measures, churns, measures again, compares with a fresh build and a restart. */
export async function runChurn(app: App, o: ChurnRunOptions): Promise<ChurnResult> {
  o.log(`  churn: before…`);
  const before = await measure(app, o);
  o.log(`  churn: ${o.revisions} revisions, ${o.batch} per catch-up…`);
  const stats = await churn(app, o);
  o.log(`  churn: after…`);
  const after = await measure(app, o);
  const fresh = await buildIndex(app.db, await Catalog.load(app.db));
  const compared = compareRankings(app, app.search.index, fresh, o.questions);
  o.log(`  churn: restart…`);
  rmSync(path.join(o.config.dataDir, INDEX_SNAPSHOT_FILE), { force: true });
  const restarted = await openApp(o.config, { ingestWhenEmpty: false, follow: false });
  const restart = await scoreSets(restarted, o);
  await restarted.close();
  return { stats, before, after, restart, questions: o.questions.length, ...compared };
}

async function measure(app: App, o: ChurnRunOptions): Promise<ChurnPoint> {
  const timing = await timeInterleaved(
    [dafuSearchEngine(app), dafuAnswerEngine(app)],
    o.questions,
    o.rounds,
  );
  const footprint = { ...app.search.index.footprint() } as unknown as Record<string, number>;
  return {
    quality: await scoreSets(app, o),
    search: timing.median.dafu ?? { p50: 0, p99: 0 },
    answer: timing.median["dafu answer"] ?? { p50: 0, p99: 0 },
    footprint: Object.fromEntries(
      Object.entries(footprint).filter(([, v]) => typeof v === "number"),
    ),
  };
}

async function scoreSets(app: App, o: ChurnRunOptions): Promise<Record<string, Quality>> {
  const out: Record<string, Quality> = {};
  for (const [name, cases] of Object.entries(o.evalSets)) {
    out[name] = await scoreHonestly(cases, dafuAsk(app), filesWithAnswers(o.corpusDir, cases));
  }
  return out;
}

/** Top 24 of the live index and a fresh build, question by question. */
function compareRankings(
  app: App,
  live: SectionIndex,
  fresh: SectionIndex,
  questions: readonly string[],
): { sameRanking: number; maxScoreDiff: number } {
  const issuers = app.search.catalog.issuers();
  const known = (t: string) => live.documentFrequency(t) > 0;
  let sameRanking = 0;
  let maxScoreDiff = 0;
  for (const q of questions) {
    const { terms } = analyzeQuestion(q, { issuers, known });
    const a = live.search(terms, { limit: 24 });
    const b = fresh.search(terms, { limit: 24 });
    let same = a.length === b.length;
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const diff = Math.abs((a[i]?.score ?? 0) - (b[i]?.score ?? 0));
      maxScoreDiff = Math.max(maxScoreDiff, diff);
      if (a[i]?.id !== b[i]?.id || diff > 1e-9) same = false;
    }
    if (same) sameRanking++;
  }
  return { sameRanking, maxScoreDiff };
}

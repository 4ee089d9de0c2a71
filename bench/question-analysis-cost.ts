/**
 * What question analysis and a whole answer cost as the corpus grows: opens
 * the bench's ingested data dirs (bench/out/data-1000 and data-10000, made by
 * `npm run bench`), draws the bench's question mix from each and times, interleaved,
 * analysis with no issuers, analysis with each corpus's issuers, and the
 * answer end to end at each size. Besides the mix, questions naming an
 * issuer (one of the corpus's, in full or by its body alone: 「…科学技术局最新答复」,
 * 「科学技术局的答复里…多少项」) exercise issuer finding, filtering and listing.
 *
 *   npx tsx bench/question-analysis-cost.ts [outDir] [questions] [rounds]
 */

import { existsSync } from "node:fs";
import path from "node:path";
import { createAnswerer } from "../src/answering/answerer.ts";
import { type App, openApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { analyzeQuestion } from "../src/search/query-analysis.ts";
import { type TimedEngine, timeInterleaved } from "./interleave.ts";
import { questionMix } from "./question-mix.ts";
import { Random } from "./random.ts";

const outDir = path.resolve(process.argv[2] ?? "bench/out");
const perSize = Number(process.argv[3] ?? 150);
const rounds = Number(process.argv[4] ?? 3);
const sizes = [1000, 10000].filter((n) => existsSync(path.join(outDir, `data-${n}`)));

async function open(replies: number): Promise<App> {
  const config = loadConfig({
    DAFU_DATA_DIR: path.join(outDir, `data-${replies}`),
    DAFU_CORPUS_DIR: path.join(outDir, `corpus-none-${replies}`),
    DAFU_LOG_LEVEL: "silent",
  });
  return openApp(config, { ingestWhenEmpty: false, follow: false });
}

function engines(app: App, replies: number): TimedEngine[] {
  const issuers = app.search.catalog.issuers();
  const known = (t: string) => app.search.index.documentFrequency(t) > 0;
  const answerer = createAnswerer(app);
  console.log(`${replies} replies: ${issuers.length} issuers`);
  return [
    { name: `analyse ${replies}`, run: (q) => analyzeQuestion(q, { issuers, known }) },
    { name: `answer ${replies}`, run: (q) => answerer.answer({ text: q }) },
  ];
}

/** Questions naming an issuer of the corpus, whole or by its body (the name after its places). */
function issuerQuestions(app: App, mix: readonly string[], rng: Random, count: number): string[] {
  const issuers = app.search.catalog.issuers();
  const out: string[] = [];
  for (let i = 0; i < count && issuers.length > 0; i++) {
    const issuer = rng.pick(issuers);
    const body = /(?:省|市|州|县|区|旗)([^省市州县区旗]{2,}(?:局|委员会|厅|委|办公室))$/.exec(
      issuer,
    )?.[1];
    const named = body && rng.next() < 0.5 ? body : issuer;
    out.push(rng.next() < 0.4 ? `${named}最新答复` : `${named}的答复里${rng.pick(mix)}`);
  }
  return out;
}

const apps = await Promise.all(sizes.map(open));
const questions: string[] = [];
for (const app of apps) {
  const mix = (await questionMix(app.db, new Random(7), perSize)).map((q) => q.text);
  questions.push(...mix, ...issuerQuestions(app, mix, new Random(11), Math.ceil(perSize / 5)));
}
const timed: TimedEngine[] = [
  { name: "analyse, no issuers", run: (q) => analyzeQuestion(q, {}) },
  ...apps.flatMap((app, i) => engines(app, sizes[i] ?? 0)),
];
const timing = await timeInterleaved(timed, questions, rounds);
console.log(`${questions.length} questions, ${rounds} rounds (median across rounds)`);
for (const [name, { p50, p99 }] of Object.entries(timing.median))
  console.log(`${name.padEnd(22)} p50 ${p50.toFixed(2).padStart(7)} ms  p99 ${p99.toFixed(2)} ms`);
for (const app of apps) await app.close();

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createAnswerer } from "../src/answering/answerer.ts";
import { openApp } from "../src/app.ts";
import { appSubject, type EvalCase, readEvalCases, scoreCases } from "../src/cli/eval-command.ts";
import { loadConfig } from "../src/config.ts";
import { Catalog } from "../src/search/catalog.ts";
import { buildIndex, INDEX_SNAPSHOT_FILE } from "../src/search/index-store.ts";
import { analyzeQuestion } from "../src/search/query-analysis.ts";
import { getSectionsOfReplies } from "../src/storage/section.repository.ts";
import { GENERATOR_VERSION, generateCorpus } from "./corpus-generator.ts";
import { FtsPeer, type PeerKind, type PeerSection } from "./fts-peer.ts";
import { questionMix } from "./question-mix.ts";
import { Random } from "./random.ts";

/** Quality of one engine on one question set. */
export interface Quality {
  readonly questions: number;
  readonly docAt1: number;
  readonly answerAt3: number;
}

/** Everything measured at one corpus size. */
export interface SizeResult {
  replies: number;
  sections: number;
  ingestPerSec: number;
  buildMs: number;
  indexBytes: number;
  coldStartMs: number;
  rssMB: number;
  heapMB: number;
  queryP50Ms: number;
  queryP99Ms: number;
  /** The search engine alone (question analysis + ranking), measured as FTS5 is. */
  searchP50Ms: number;
  searchP99Ms: number;
  ftsP50Ms: number;
  ftsP99Ms: number;
  trigramP50Ms: number;
  trigramP99Ms: number;
  /** dafu's engine p50 / the faster FTS5 set-up's p50 (below 1: dafu is faster). */
  ftsRatio: number;
  ftsBuildMs: number;
  quality: Record<string, { dafu: Quality; fts: Quality; trigram: Quality }>;
}

/** Options of one run. */
export interface SizeOptions {
  readonly replies: number;
  readonly seed: number;
  readonly outDir: string;
  readonly questions: number;
  readonly evalSets: Record<string, EvalCase[]>;
  readonly log: (line: string) => void;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Generates (or reuses) the corpus, ingests it, and measures dafu and the FTS5 peers. */
export async function runSize(o: SizeOptions): Promise<SizeResult> {
  const corpusDir = writeCorpus(o);
  const dataDir = path.join(o.outDir, `data-${o.replies}`);
  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    DAFU_DATA_DIR: dataDir,
    DAFU_CORPUS_DIR: corpusDir,
    DAFU_LOG_LEVEL: "silent",
  });

  let app = await openApp(config, { ingestWhenEmpty: false });
  o.log(`  ingesting ${o.replies + 5} replies…`);
  let started = performance.now();
  const report = await app.ingest([corpusDir]);
  const ingestMs = performance.now() - started;
  if (report.failed > 0) o.log(`  ${report.failed} generated files failed to parse`);
  started = performance.now();
  await buildIndex(app.db, await Catalog.load(app.db));
  const buildMs = performance.now() - started;
  await app.close();

  o.log("  cold start…");
  const cold = await coldStart(dataDir, 3);
  app = await openApp(config, { ingestWhenEmpty: false });
  const answerer = createAnswerer(app);
  const questions = await questionMix(app.db, new Random(o.seed + 1), o.questions);
  o.log(`  ${questions.length} queries against dafu…`);
  const dafuTimes = await timeAll(questions.map((q) => () => answerer.answer({ text: q.text })));
  // The engine alone, as FTS5 is measured: analyse the question, rank the top sections.
  const issuers = app.search.catalog.issuers();
  const known = (t: string) => app.search.index.documentFrequency(t) > 0;
  const searchTimes = await timeAll(
    questions.map(
      (q) => () =>
        app.search.index.search(analyzeQuestion(q.text, { issuers, known }).terms, { limit: 24 }),
    ),
  );

  o.log("  building the FTS5 peers…");
  const peer = new FtsPeer(path.join(dataDir, "fts-peer.sqlite"));
  const ftsBuildMs = peer.build(await peerSections(app));
  const bigramTimes = await timeAll(questions.map((q) => () => peer.search("bigram", q.text)));
  const trigramTimes = await timeAll(questions.map((q) => () => peer.search("trigram", q.text)));

  o.log("  question sets…");
  const weight = (t: string) => app.search.index.idf(t);
  const quality: SizeResult["quality"] = {};
  for (const [name, cases] of Object.entries(o.evalSets)) {
    const peerSubject = (kind: PeerKind) => ({
      ask: async (q: string) => peer.answer(kind, q, weight),
    });
    const pick = (s: Quality) => ({
      questions: s.questions,
      docAt1: s.docAt1,
      answerAt3: s.answerAt3,
    });
    quality[name] = {
      dafu: pick(await scoreCases(cases, { ask: appSubject(app).ask })),
      fts: pick(await scoreCases(cases, peerSubject("bigram"))),
      trigram: pick(await scoreCases(cases, peerSubject("trigram"))),
    };
  }
  const sections = app.search.index.size;
  peer.close();
  await app.close();

  const ftsP50 = Math.min(percentile(bigramTimes, 50), percentile(trigramTimes, 50));
  return {
    replies: o.replies,
    sections,
    ingestPerSec: Math.round((o.replies + 5) / (ingestMs / 1000)),
    buildMs: Math.round(buildMs),
    indexBytes: statSync(path.join(dataDir, INDEX_SNAPSHOT_FILE)).size,
    coldStartMs: cold.ms,
    rssMB: cold.rssMB,
    heapMB: cold.heapMB,
    queryP50Ms: round(percentile(dafuTimes, 50)),
    queryP99Ms: round(percentile(dafuTimes, 99)),
    searchP50Ms: round(percentile(searchTimes, 50)),
    searchP99Ms: round(percentile(searchTimes, 99)),
    ftsP50Ms: round(percentile(bigramTimes, 50)),
    ftsP99Ms: round(percentile(bigramTimes, 99)),
    trigramP50Ms: round(percentile(trigramTimes, 50)),
    trigramP99Ms: round(percentile(trigramTimes, 99)),
    ftsRatio: round(percentile(searchTimes, 50) / ftsP50),
    ftsBuildMs: Math.round(ftsBuildMs),
    quality,
  };
}

/** Writes the generated corpus once per size and seed; later runs reuse it. */
function writeCorpus(o: SizeOptions): string {
  const dir = path.join(o.outDir, `corpus-${o.replies}-${o.seed}-v${GENERATOR_VERSION}`);
  const marker = path.join(dir, ".complete");
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  o.log(`  generating ${o.replies} replies…`);
  const seedsDir = path.resolve(import.meta.dirname, "../index-data");
  for (const file of generateCorpus(seedsDir, o.replies, o.seed))
    writeFileSync(path.join(dir, file.name), file.text);
  writeFileSync(marker, "");
  return dir;
}

async function peerSections(app: Awaited<ReturnType<typeof openApp>>): Promise<PeerSection[]> {
  const ids = [...app.search.catalog.replies.keys()];
  const out: PeerSection[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    for (const s of await getSectionsOfReplies(app.db, ids.slice(i, i + 500))) {
      const reply = app.search.catalog.replies.get(s.replyId);
      if (reply) out.push({ id: s.id, title: s.title, text: s.text, reply });
    }
  }
  return out;
}

/** Runs every task once to warm up, then again timed; returns milliseconds per task. */
async function timeAll(tasks: (() => unknown)[]): Promise<number[]> {
  for (const task of tasks) await task();
  const times: number[] = [];
  for (const task of tasks) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times;
}

/** Starts a fresh process that answers one question; the median of `runs` starts. */
async function coldStart(
  dataDir: string,
  runs: number,
): Promise<{ ms: number; rssMB: number; heapMB: number }> {
  const results: { ms: number; rssMB: number; heapMB: number }[] = [];
  const tsx = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");
  const script = path.resolve(import.meta.dirname, "cold-start.ts");
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(tsx, [script, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`cold start exited ${code}`)),
      );
    });
    const ms = performance.now() - started;
    const line = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
    if (line.indexSource !== "snapshot") throw new Error("cold start did not load the snapshot");
    results.push({ ms: Math.round(ms), rssMB: line.rssMB, heapMB: line.heapMB });
  }
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(runs / 2)] ?? { ms: 0, rssMB: 0, heapMB: 0 };
}

/** Reads an evaluation file with the eval command's reader, when it exists. */
export function readCasesIfPresent(file: string): EvalCase[] | null {
  return existsSync(file) ? readEvalCases(file) : null;
}

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApp } from "../src/app.ts";
import { type EvalCase, readEvalCases } from "../src/cli/eval-command.ts";
import { loadConfig } from "../src/config.ts";
import type { IngestReport } from "../src/ingest/ingest.ts";
import { Catalog } from "../src/search/catalog.ts";
import { buildIndex, INDEX_SNAPSHOT_FILE } from "../src/search/index-store.ts";
import { type ChurnResult, runChurn } from "./churn-run.ts";
import { GENERATOR_VERSION, generateCorpus, type LayoutName } from "./corpus-generator.ts";
import { dafuAnswerEngine, dafuAsk, dafuSearchEngine, peerAsk, peerSections } from "./engines.ts";
import { FlexPeer } from "./flexsearch-peer.ts";
import { FtsPeer } from "./fts-peer.ts";
import {
  type AnswerSpread,
  answerSpread,
  filesWithAnswers,
  type Quality,
  type RankedHit,
  scoreHonestly,
} from "./honest-quality.ts";
import {
  type InterleavedTiming,
  type RatioSpread,
  ratioAcrossRounds,
  timeInterleaved,
} from "./interleave.ts";
import { questionMix } from "./question-mix.ts";
import { Random } from "./random.ts";

/** Memory and time of a fresh process that loads an engine and answers one question. */
export interface ColdStart {
  readonly ms: number;
  readonly rssMB: number;
  readonly heapMB: number;
}

/** The engines compared, as named in the timing and quality tables. */
export const PEERS = ["FTS5 bigram", "FTS5 trigram", "FlexSearch"] as const;
export const ENGINES = ["dafu", ...PEERS] as const;
export type EngineName = (typeof ENGINES)[number];

/** Everything measured at one corpus size. */
export interface SizeResult {
  replies: number;
  sections: number;
  /** Generated files the parser could not read, by layout (head-furniture). */
  failedByLayout: Record<string, number>;
  failed: number;
  ingestPerSec: number;
  buildMs: number;
  indexBytes: number;
  cold: ColdStart;
  fts: { buildMs: number; bytes: number; cold: ColdStart };
  flex: { buildMs: number; exportBytes: number; cold: ColdStart };
  /** dafu, dafu answer, FTS5 bigram, FTS5 trigram and FlexSearch, interleaved. */
  timing: InterleavedTiming;
  /** dafu ÷ each peer, per round: p50 and p99. */
  ratios: Record<string, { p50: RatioSpread; p99: RatioSpread }>;
  quality: Record<string, Record<EngineName, Quality>>;
  /** Where each set's answer strings occur in the generated replies. */
  answerSpread: Record<string, AnswerSpread>;
  churn: ChurnResult | null;
}

/** Options of one run. */
export interface SizeOptions {
  readonly replies: number;
  readonly seed: number;
  readonly outDir: string;
  readonly questions: number;
  readonly rounds: number;
  readonly churn: number;
  readonly churnBatch: number;
  readonly layouts: readonly LayoutName[] | undefined;
  readonly evalSets: Record<string, EvalCase[]>;
  readonly log: (line: string) => void;
}

/** Generates (or reuses) the corpus, ingests it, and measures dafu, FTS5 and FlexSearch. */
export async function runSize(o: SizeOptions): Promise<SizeResult> {
  const corpusDir = writeCorpus(o);
  const dataDir = path.join(o.outDir, `data-${o.replies}`);
  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    DAFU_DATA_DIR: dataDir,
    DAFU_CORPUS_DIR: corpusDir,
    DAFU_LOG_LEVEL: "silent",
  });
  let app = await openApp(config, { ingestWhenEmpty: false, follow: false });
  o.log(`  ingesting ${o.replies + 5} replies…`);
  let started = performance.now();
  const report = await app.ingest([corpusDir]);
  const ingestMs = performance.now() - started;
  const failedByLayout = failuresByLayout(report);
  if (report.failed > 0) o.log(`  ${report.failed} generated files failed to parse`);
  started = performance.now();
  await buildIndex(app.db, await Catalog.load(app.db));
  const buildMs = performance.now() - started;
  await app.close();

  o.log("  cold start…");
  const cold = await coldStart("cold-start.ts", [dataDir], 3);
  app = await openApp(config, { ingestWhenEmpty: false, follow: false });
  const questions = (await questionMix(app.db, new Random(o.seed + 1), o.questions)).map(
    (q) => q.text,
  );

  o.log("  building the FTS5 and FlexSearch peers…");
  const sections = await peerSections(app);
  const ftsFile = path.join(dataDir, "fts-peer.sqlite");
  const fts = new FtsPeer(ftsFile);
  const ftsBuildMs = fts.build(sections);
  const flex = new FlexPeer();
  const flexBuildMs = flex.build(sections);
  const flexDir = path.join(dataDir, "flexsearch-export");
  const exportBytes = await flex.exportTo(flexDir);
  const ftsCold = await coldStart("peer-cold-start.ts", ["fts5", ftsFile], 3);
  const flexCold = await coldStart("peer-cold-start.ts", ["flexsearch", flexDir], 3);

  o.log(`  ${questions.length} questions × ${o.rounds} interleaved rounds…`);
  const timing = await timeInterleaved(
    [
      dafuSearchEngine(app),
      dafuAnswerEngine(app),
      { name: "FTS5 bigram", run: (q) => fts.search("bigram", q) },
      { name: "FTS5 trigram", run: (q) => fts.search("trigram", q) },
      { name: "FlexSearch", run: (q) => flex.search(q) },
    ],
    questions,
    o.rounds,
  );
  const ratios = Object.fromEntries(
    PEERS.map((p) => [
      p,
      {
        p50: ratioAcrossRounds(timing, "dafu", p, "p50"),
        p99: ratioAcrossRounds(timing, "dafu", p, "p99"),
      },
    ]),
  );

  o.log("  question sets…");
  const weight = (t: string) => app.search.index.idf(t);
  const asks: Record<EngineName, (q: string) => Promise<RankedHit[]> | RankedHit[]> = {
    dafu: dafuAsk(app),
    "FTS5 bigram": peerAsk((q, n) => fts.search("bigram", q, n), sections, weight),
    "FTS5 trigram": peerAsk((q, n) => fts.search("trigram", q, n), sections, weight),
    FlexSearch: peerAsk((q, n) => flex.search(q, n), sections, weight),
  };
  const quality: SizeResult["quality"] = {};
  const spreads: SizeResult["answerSpread"] = {};
  const manifest = readManifest(corpusDir);
  for (const [name, cases] of Object.entries(o.evalSets)) {
    const files = filesWithAnswers(corpusDir, cases);
    spreads[name] = answerSpread(
      cases,
      files,
      (f) => manifest.has(f),
      (f) => manifest.get(f) === "上海市",
    );
    const scores = {} as Record<EngineName, Quality>;
    for (const engine of ENGINES) scores[engine] = await scoreHonestly(cases, asks[engine], files);
    quality[name] = scores;
  }
  fts.close();

  const churn =
    o.churn > 0
      ? await runChurn(app, {
          revisions: o.churn,
          batch: o.churnBatch,
          seed: o.seed + 2,
          corpusDir,
          workDir: path.join(dataDir, "churn"),
          questions,
          rounds: o.rounds,
          evalSets: o.evalSets,
          config,
          log: o.log,
        })
      : null;
  const indexed = app.search.index.size;
  await app.close();
  return {
    replies: o.replies,
    sections: indexed,
    failedByLayout,
    failed: report.failed,
    ingestPerSec: Math.round((o.replies + 5) / (ingestMs / 1000)),
    buildMs: Math.round(buildMs),
    indexBytes: statSync(path.join(dataDir, INDEX_SNAPSHOT_FILE)).size,
    cold,
    fts: { buildMs: Math.round(ftsBuildMs), bytes: statSync(ftsFile).size, cold: ftsCold },
    flex: { buildMs: Math.round(flexBuildMs), exportBytes, cold: flexCold },
    timing,
    ratios,
    quality,
    answerSpread: spreads,
    churn,
  };
}

/** Failed files per layout, read from the generated file names (g000123-head-furniture.ext). */
function failuresByLayout(report: IngestReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of report.results) {
    if (r.outcome !== "failed") continue;
    const layout = /g\d+-([a-z-]+)\.\w+$/.exec(r.file)?.[1] ?? "seed";
    out[layout] = (out[layout] ?? 0) + 1;
  }
  return out;
}

const MANIFEST = "manifest.json";

/** Writes the generated corpus once per size, seed and layouts; later runs reuse it. */
function writeCorpus(o: SizeOptions): string {
  const layouts = o.layouts ? `-${[...o.layouts].sort().join("+")}` : "";
  const dir = path.join(o.outDir, `corpus-${o.replies}-${o.seed}-v${GENERATOR_VERSION}${layouts}`);
  const marker = path.join(dir, ".complete");
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  o.log(`  generating ${o.replies} replies…`);
  const seedsDir = path.resolve(import.meta.dirname, "../index-data");
  const provinces: Record<string, string | null> = {};
  for (const file of generateCorpus(seedsDir, o.replies, o.seed, { layouts: o.layouts })) {
    writeFileSync(path.join(dir, file.name), file.text);
    if (file.province !== undefined) provinces[file.name] = file.province;
  }
  writeFileSync(path.join(dir, MANIFEST), JSON.stringify(provinces));
  writeFileSync(marker, "");
  return dir;
}

/** Generated file name → the province of its body (null for national bodies). */
function readManifest(dir: string): Map<string, string | null> {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) return new Map();
  return new Map(
    Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, string | null>),
  );
}

/** Starts `script` in a fresh process `runs` times; the median start (its time, RSS and heap). */
async function coldStart(script: string, args: string[], runs: number): Promise<ColdStart> {
  const results: ColdStart[] = [];
  const tsx = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");
  const file = path.resolve(import.meta.dirname, script);
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(tsx, [file, ...args], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}`)),
      );
    });
    const ms = performance.now() - started;
    const line = JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
    if ("indexSource" in line && line.indexSource !== "snapshot")
      throw new Error("cold start did not load the snapshot");
    results.push({ ms: Math.round(ms), rssMB: line.rssMB, heapMB: line.heapMB });
  }
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(runs / 2)] ?? { ms: 0, rssMB: 0, heapMB: 0 };
}

/** Reads an evaluation file with the eval command's reader, when it exists. */
export function readCasesIfPresent(file: string): EvalCase[] | null {
  return existsSync(file) ? readEvalCases(file) : null;
}

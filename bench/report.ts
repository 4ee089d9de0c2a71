import type { Quality } from "./honest-quality.ts";
import type { RatioSpread } from "./interleave.ts";
import { ENGINES, PEERS, type SizeResult } from "./run-size.ts";

/** One target, checked against a run. */
export interface TargetCheck {
  readonly replies: number;
  readonly target: string;
  readonly value: string;
  readonly pass: boolean;
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${Math.round((100 * n) / d)}%`);
const ms = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const strict = (q: Quality | undefined) =>
  q ? `${pct(q.docAt1, q.questions)} / ${pct(q.answerAt3, q.questions)}` : "—";
const lenient = (q: Quality | undefined) =>
  q ? `${pct(q.anyDocAt1, q.questions)} / ${pct(q.anyAnswerAt3, q.questions)}` : "—";

/** Checks the targets that apply to each size (10,000 and 50,000 replies). */
export function checkTargets(results: readonly SizeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (r: SizeResult, target: string, value: string, pass: boolean) =>
    checks.push({ replies: r.replies, target, value, pass });
  for (const r of results) {
    const m = r.timing.median;
    if (r.replies === 10_000) {
      const best = Math.min(...PEERS.map((p) => m[p]?.p50 ?? Number.POSITIVE_INFINITY));
      const dafu = m.dafu?.p50 ?? 0;
      add(r, "search p50 ≤ every peer's p50", `${ms(dafu)} vs ${ms(best)} ms`, dafu <= best);
      const answerP99 = m["dafu answer"]?.p99 ?? 0;
      add(r, "answer p99 ≤ 50 ms (end to end)", `${ms(answerP99)} ms`, answerP99 <= 50);
      add(r, "cold start ≤ 2 s", `${r.cold.ms} ms`, r.cold.ms <= 2000);
      add(r, "RSS ≤ 1 GB", `${r.cold.rssMB} MB`, r.cold.rssMB <= 1024);
      add(r, "ingest ≥ 300 replies/s", `${r.ingestPerSec}/s`, r.ingestPerSec >= 300);
    }
    if (r.replies === 50_000) {
      const answerP99 = m["dafu answer"]?.p99 ?? 0;
      add(r, "RSS ≤ 4 GB", `${r.cold.rssMB} MB`, r.cold.rssMB <= 4096);
      add(r, "answer p99 ≤ 200 ms (end to end)", `${ms(answerP99)} ms`, answerP99 <= 200);
      add(r, "cold start ≤ 10 s", `${r.cold.ms} ms`, r.cold.ms <= 10_000);
    }
    if (r.replies === 10_000 || r.replies === 50_000) {
      for (const [set, q] of Object.entries(r.quality)) {
        const best = Math.max(...PEERS.map((p) => q[p]?.anyAnswerAt3 ?? 0));
        add(
          r,
          `${set}: dafu answer@3 (any reply) ≥ every peer's`,
          `${q.dafu.anyAnswerAt3} vs ${best}`,
          q.dafu.anyAnswerAt3 >= best,
        );
      }
    }
    if (r.churn) {
      for (const [set, after] of Object.entries(r.churn.after.quality)) {
        const restart = r.churn.restart[set];
        const same =
          restart !== undefined &&
          after.docAt1 === restart.docAt1 &&
          after.answerAt3 === restart.answerAt3;
        add(
          r,
          `churn: ${set} quality live = after a restart`,
          `${strict(after)} vs ${strict(restart)}`,
          same,
        );
      }
      add(
        r,
        "churn: live rankings = a fresh build's",
        `${r.churn.sameRanking}/${r.churn.questions}`,
        r.churn.sameRanking === r.churn.questions,
      );
    }
  }
  return checks;
}

type Row = [string, (r: SizeResult) => string];

const ratios = (dafu: number, fts: number, flex: number) =>
  `${(dafu / Math.max(1e-9, fts)).toFixed(2)} / ${(dafu / Math.max(1e-9, flex)).toFixed(2)}`;

function corpusRows(): Row[] {
  return [
    ["replies (+5 seeds)", (r) => String(r.replies)],
    ["sections", (r) => String(r.sections)],
    ["files the parser refused", (r) => String(r.failed)],
    ["ingest, replies/s", (r) => String(r.ingestPerSec)],
    ["dafu index build, ms", (r) => String(r.buildMs)],
    ["dafu snapshot, MB", (r) => mb(r.indexBytes)],
    ["dafu cold start, ms", (r) => String(r.cold.ms)],
    ["dafu RSS / heap after start, MB", (r) => `${r.cold.rssMB} / ${r.cold.heapMB}`],
    ["FTS5 build (both tables), ms", (r) => String(r.fts.buildMs)],
    ["FTS5 database (both), MB", (r) => mb(r.fts.bytes)],
    ["FTS5 RSS after open + 1 query, MB", (r) => String(r.fts.cold.rssMB)],
    ["FlexSearch build, ms", (r) => String(r.flex.buildMs)],
    ["FlexSearch export, MB", (r) => mb(r.flex.exportBytes)],
    ["FlexSearch cold start (import), ms", (r) => String(r.flex.cold.ms)],
    [
      "FlexSearch RSS / heap after import, MB",
      (r) => `${r.flex.cold.rssMB} / ${r.flex.cold.heapMB}`,
    ],
    [
      "build: dafu ÷ FTS5 (both) / ÷ FlexSearch",
      (r) => ratios(r.buildMs, r.fts.buildMs, r.flex.buildMs),
    ],
    [
      "on disk: dafu ÷ FTS5 (both) / ÷ FlexSearch",
      (r) => ratios(r.indexBytes, r.fts.bytes, r.flex.exportBytes),
    ],
    [
      "RSS loaded: dafu ÷ FTS5 / ÷ FlexSearch",
      (r) => ratios(r.cold.rssMB, r.fts.cold.rssMB, r.flex.cold.rssMB),
    ],
  ];
}

/** A ratio, the same from the odd and the even rounds, and how far those two differ. */
const ratioText = (x: RatioSpread) =>
  `${x.median.toFixed(2)} (${x.halves[0].toFixed(2)} / ${x.halves[1].toFixed(2)}, Δ${Math.round(100 * x.spread)}%)`;

function timingRows(): Row[] {
  const rows: Row[] = [];
  for (const engine of ["dafu", "dafu answer", ...PEERS]) {
    rows.push([
      `${engine === "dafu" ? "dafu search" : engine === "dafu answer" ? "dafu answer (end to end)" : engine} p50 / p99, ms`,
      (r) => {
        const m = r.timing.median[engine];
        return m ? `${ms(m.p50)} / ${ms(m.p99)}` : "—";
      },
    ]);
  }
  for (const engine of ["dafu", ...PEERS]) {
    rows.push([
      `${engine === "dafu" ? "dafu search" : engine} p50 / p99 of fastest, ms`,
      (r) => {
        const m = r.timing.fastest[engine];
        return m ? `${ms(m.p50)} / ${ms(m.p99)}` : "—";
      },
    ]);
  }
  for (const peer of PEERS) {
    rows.push([
      `dafu ÷ ${peer} p50 (odd / even rounds, Δ)`,
      (r) => {
        const x = r.ratios[peer]?.p50;
        return x ? ratioText(x) : "—";
      },
    ]);
    rows.push([
      `dafu ÷ ${peer} p99 (odd / even rounds, Δ)`,
      (r) => {
        const x = r.ratios[peer]?.p99;
        return x ? ratioText(x) : "—";
      },
    ]);
  }
  return rows;
}

function qualityRows(sets: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (const set of sets) {
    rows.push([
      `${set}: answer in generated replies`,
      (r) => {
        const s = r.answerSpread[set];
        return s
          ? `${s.inGenerated}/${s.withAnswer} q, ${s.generatedReplies} (${s.samePlace} 沪)`
          : "—";
      },
    ]);
    for (const engine of ENGINES) {
      rows.push([`${set} doc@1 / answer@3, ${engine}`, (r) => strict(r.quality[set]?.[engine])]);
      rows.push([
        `${set} same, any reply with the answer, ${engine}`,
        (r) => lenient(r.quality[set]?.[engine]),
      ]);
    }
  }
  return rows;
}

function churnRows(sets: readonly string[]): Row[] {
  const c = (f: (x: NonNullable<SizeResult["churn"]>) => string) => (r: SizeResult) =>
    r.churn ? f(r.churn) : "—";
  const rows: Row[] = [
    [
      "churn: revisions (revised/unchanged)",
      c((x) => `${x.stats.revisions} (${x.stats.revised}/${x.stats.unchanged})`),
    ],
    [
      "churn: replies touched (max revisions)",
      c((x) => `${x.stats.repliesTouched} (${x.stats.maxPerReply})`),
    ],
    ["churn: ingest + catch-up per revision, ms", c((x) => String(x.stats.msPerRevision))],
    [
      "churn: search p50/p99 before → after",
      c(
        (x) =>
          `${ms(x.before.search.p50)}/${ms(x.before.search.p99)} → ${ms(x.after.search.p50)}/${ms(x.after.search.p99)}`,
      ),
    ],
    [
      "churn: answer p50/p99 before → after",
      c(
        (x) =>
          `${ms(x.before.answer.p50)}/${ms(x.before.answer.p99)} → ${ms(x.after.answer.p50)}/${ms(x.after.answer.p99)}`,
      ),
    ],
    [
      "churn: live top 24 = fresh build's",
      c((x) => `${x.sameRanking}/${x.questions} (Δ ${x.maxScoreDiff.toExponential(1)})`),
    ],
    [
      "churn: short ids before → after",
      c((x) => `${x.before.footprint.nextId ?? "?"} → ${x.after.footprint.nextId ?? "?"}`),
    ],
  ];
  for (const set of sets) {
    rows.push([
      `churn: ${set} before / after / restart`,
      c(
        (x) =>
          `${strict(x.before.quality[set])} · ${strict(x.after.quality[set])} · ${strict(x.restart[set])}`,
      ),
    ]);
  }
  return rows;
}

/** The results as a text table, one column per size, then the targets. */
export function formatReport(
  results: readonly SizeResult[],
  checks: readonly TargetCheck[],
): string {
  const sets = Object.keys(results[0]?.quality ?? {});
  const rounds = results[0]?.timing.rounds ?? 0;
  const sectionsOf: [string, Row[]][] = [
    ["corpus, build and memory", corpusRows()],
    [
      `latency, ${rounds} interleaved rounds: p50/p99 across questions of each one's median (or fastest) time; ratios of fastest`,
      timingRows(),
    ],
    [
      "quality (strict: the labelled reply; any: any reply whose text has the answer)",
      qualityRows(sets),
    ],
  ];
  if (results.some((r) => r.churn)) sectionsOf.push(["churn", churnRows(sets)]);
  const all = sectionsOf.flatMap(([, rows]) => rows);
  const width = Math.max(...all.map(([label]) => label.length)) + 2;
  const column = Math.max(18, ...results.flatMap((r) => all.map(([, v]) => v(r).length + 2)));
  const lines: string[] = [];
  for (const [title, rows] of sectionsOf) {
    lines.push("", `## ${title}`);
    for (const [label, value] of rows)
      lines.push(label.padEnd(width) + results.map((r) => value(r).padStart(column)).join(""));
  }
  for (const r of results) {
    const failed = Object.entries(r.failedByLayout);
    if (failed.length > 0)
      lines.push(
        "",
        `${r.replies}: refused by layout: ${failed.map(([k, v]) => `${k} ${v}`).join(", ")}`,
      );
    for (const [set, s] of Object.entries(r.answerSpread)) {
      const per = Object.entries(s.perQuestion).filter(([, n]) => n > 0);
      if (per.length > 0)
        lines.push(
          `${r.replies}: ${set} answers found in generated replies: ${per.map(([id, n]) => `${id} ${n}`).join(", ")}`,
        );
    }
    for (const engine of ENGINES) {
      const misses = sets.flatMap((set) => r.quality[set]?.[engine]?.misses ?? []);
      if (misses.length > 0)
        lines.push(`${r.replies}: ${engine} strict misses: ${misses.join(" ")}`);
    }
  }
  if (checks.length > 0) {
    lines.push("", "targets:");
    for (const c of checks)
      lines.push(`  ${c.pass ? "PASS" : "FAIL"}  ${c.replies} replies: ${c.target} (${c.value})`);
  }
  return lines.join("\n");
}

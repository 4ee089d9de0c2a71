/**
 * Interleaved timing: after a warm-up, several rounds over the same
 * questions in which the engines take turns question by question (the order
 * rotating, so none always runs first), so drift in the machine (GC, CPU
 * frequency, other processes) falls on all of them alike. Each engine's
 * p50/p99 is taken per round; the report gives the median across rounds,
 * and each ratio per round with its spread. A full GC runs before each round.
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** A full garbage collection between rounds, so each round starts from a clean heap. */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return () => {};
  }
})();

/** An engine under test: runs one question. */
export interface TimedEngine {
  readonly name: string;
  run(question: string): unknown;
}

/** p50 and p99 of one engine in one round, in milliseconds. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

/** The outcome of {@link timeInterleaved}. */
export interface InterleavedTiming {
  readonly rounds: number;
  /** Per engine: its percentiles in every round. */
  readonly perRound: Record<string, Percentiles[]>;
  /** Per engine: the median across rounds of its p50 and p99. */
  readonly median: Record<string, Percentiles>;
}

/** The value at percentile `p` (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The median of a list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Times the engines over the questions, interleaved, after one untimed warm-up round. */
export async function timeInterleaved(
  engines: readonly TimedEngine[],
  questions: readonly string[],
  rounds: number,
): Promise<InterleavedTiming> {
  for (const engine of engines) for (const q of questions) await engine.run(q);
  const perRound: Record<string, Percentiles[]> = Object.fromEntries(
    engines.map((e) => [e.name, []]),
  );
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    const times = engines.map(() => [] as number[]);
    for (const [i, q] of questions.entries()) {
      for (let k = 0; k < engines.length; k++) {
        const at = (i + round + k) % engines.length;
        const engine = engines[at] as TimedEngine;
        const started = performance.now();
        await engine.run(q);
        times[at]?.push(performance.now() - started);
      }
    }
    for (const [at, engine] of engines.entries()) {
      const t = times[at] ?? [];
      perRound[engine.name]?.push({ p50: percentile(t, 50), p99: percentile(t, 99) });
    }
  }
  const mid = (name: string, key: keyof Percentiles) =>
    median((perRound[name] ?? []).map((r) => r[key]));
  const medianOf = Object.fromEntries(
    engines.map((e) => [e.name, { p50: mid(e.name, "p50"), p99: mid(e.name, "p99") }]),
  );
  return { rounds, perRound, median: medianOf };
}

/** A ratio of two engines' p50 (or p99) per round: its median and its spread around the median. */
export interface RatioSpread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Largest distance of a round's ratio from the median, as a share of the median. */
  readonly spread: number;
}

/** `a` ÷ `b` per round for one percentile. */
export function ratioAcrossRounds(
  timing: InterleavedTiming,
  a: string,
  b: string,
  key: keyof Percentiles = "p50",
): RatioSpread {
  const ra = timing.perRound[a] ?? [];
  const rb = timing.perRound[b] ?? [];
  const ratios = ra.map((r, i) => r[key] / Math.max(1e-9, rb[i]?.[key] ?? 0));
  const mid = median(ratios);
  const spread = ratios.reduce((m, r) => Math.max(m, Math.abs(r - mid) / (mid || 1)), 0);
  return { median: mid, min: Math.min(...ratios), max: Math.max(...ratios), spread };
}

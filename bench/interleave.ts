/**
 * Interleaved timing: after a warm-up, several rounds over the same
 * questions in which the engines take turns question by question (the order
 * rotating, so none always runs first), so drift in the machine (GC, CPU
 * frequency, other processes) falls on all of them alike. A full GC runs
 * before each round.
 *
 * Two kinds of figure, both taken across questions rather than per round:
 * - typical: each question's median time over the rounds, then p50/p99
 *   across questions (what a user sees, noise included);
 * - fastest: each question's fastest time over the rounds, then p50/p99
 *   across questions: its cost with the machine's noise (GC, preemption by
 *   other processes) removed. Ratios between engines are of these.
 * A p99 of one round rests on its two or three slowest samples: on a shared
 * machine it moved by ±50% between runs, and so did ratios of it. Each ratio
 * is also computed from the odd and from the even rounds alone; how far the
 * two agree is the report's repeatability check.
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
  /** Per engine: its percentiles in every round (raw, GC pauses included). */
  readonly perRound: Record<string, Percentiles[]>;
  /** Per engine: typical p50 and p99 (each question's median over the rounds, percentiles across questions). */
  readonly median: Record<string, Percentiles>;
  /** Per engine: p50 and p99 of each question's fastest time over the rounds. */
  readonly fastest: Record<string, Percentiles>;
  /** {@link fastest} from the odd rounds (1st, 3rd, …) and from the even rounds alone. */
  readonly halves: readonly [Record<string, Percentiles>, Record<string, Percentiles>];
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
  // times[engine][question][round]
  const times = engines.map(() => questions.map(() => [] as number[]));
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    for (const [i, q] of questions.entries()) {
      for (let k = 0; k < engines.length; k++) {
        const at = (i + round + k) % engines.length;
        const engine = engines[at] as TimedEngine;
        const started = performance.now();
        await engine.run(q);
        times[at]?.[i]?.push(performance.now() - started);
      }
    }
    for (const [at, engine] of engines.entries()) {
      const t = (times[at] ?? []).map((perQuestion) => perQuestion[round] ?? 0);
      perRound[engine.name]?.push({ p50: percentile(t, 50), p99: percentile(t, 99) });
    }
  }
  const across = (per: (t: number[]) => number, keep: (round: number) => boolean = () => true) =>
    Object.fromEntries(
      engines.map((e, at) => {
        const each = (times[at] ?? []).map((t) => t.filter((_, r) => keep(r)));
        const values = each.filter((t) => t.length > 0).map(per);
        return [e.name, { p50: percentile(values, 50), p99: percentile(values, 99) }];
      }),
    );
  const fastest = (t: number[]) => Math.min(...t);
  return {
    rounds,
    perRound,
    median: across(median),
    fastest: across(fastest),
    halves: [across(fastest, (r) => r % 2 === 0), across(fastest, (r) => r % 2 === 1)],
  };
}

/** A ratio of fastest-time figures, and the same from each half of the rounds. */
export interface RatioSpread {
  readonly median: number;
  /** From the odd rounds and from the even rounds alone. */
  readonly halves: readonly [number, number];
  /** How far the halves differ, as a share of their mean (the repeatability check). */
  readonly spread: number;
}

/** `a` ÷ `b` for one percentile of the fastest-time figures. */
export function ratioAcrossRounds(
  timing: InterleavedTiming,
  a: string,
  b: string,
  key: keyof Percentiles = "p50",
): RatioSpread {
  const ratio = (of: Record<string, Percentiles>) =>
    (of[a]?.[key] ?? 0) / Math.max(1e-9, of[b]?.[key] ?? 0);
  const halves = [ratio(timing.halves[0]), ratio(timing.halves[1])] as const;
  const mean = (halves[0] + halves[1]) / 2;
  return {
    median: ratio(timing.fastest),
    halves,
    spread: mean > 0 ? Math.abs(halves[0] - halves[1]) / mean : 0,
  };
}

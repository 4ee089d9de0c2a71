import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { App } from "../src/app.ts";
import { ingestPaths } from "../src/ingest/ingest.ts";
import { Random } from "./random.ts";

/**
 * Churn: in the running process, revise replies one small batch at a time
 * (their text changes: a paragraph dropped, figures changed, a sentence with
 * new words added, paragraphs swapped), each batch ingested and taken into
 * the live index before the next, as a watcher would. Half the revisions go
 * to a few "hot" replies revised again and again (the case that used to
 * degrade the live index), half are spread over the archive.
 */

/** Options of {@link churn}. */
export interface ChurnOptions {
  readonly revisions: number;
  /** Revisions ingested together before the index catches up (below the bulk-rebuild threshold). */
  readonly batch: number;
  readonly seed: number;
  /** The generated corpus (only generated files, `g…`, are revised; the seeds stay as they are). */
  readonly corpusDir: string;
  /** A scratch folder for the revised files. */
  readonly workDir: string;
}

/** What the churn did. */
export interface ChurnStats {
  readonly revisions: number;
  readonly revised: number;
  readonly unchanged: number;
  readonly failed: number;
  /** Revisions stored as a new reply (the revision changed the reply's key). */
  readonly added: number;
  readonly repliesTouched: number;
  /** The most revisions one reply got. */
  readonly maxPerReply: number;
  /** Wall time of ingest plus catch-up, per revision. */
  readonly msPerRevision: number;
}

const HOT_REPLIES = 10;
const HOT_SHARE = 0.5;

/** Revises `revisions` generated replies in `app`'s process, catching the index up after each batch. */
export async function churn(app: App, o: ChurnOptions): Promise<ChurnStats> {
  const rng = new Random(o.seed);
  const generated = readdirSync(o.corpusDir)
    .filter((f) => /^g\d+/.test(f))
    .sort();
  if (generated.length === 0) throw new Error("churn needs generated replies");
  const order = shuffle(generated, rng);
  const hot = order.slice(0, Math.min(HOT_REPLIES, order.length));
  const current = new Map<string, string>();
  const counts = new Map<string, number>();
  let revised = 0;
  let unchanged = 0;
  let failed = 0;
  let added = 0;
  let next = 0;
  const started = performance.now();
  for (let done = 0; done < o.revisions; ) {
    const dir = path.join(o.workDir, `batch-${done}`);
    mkdirSync(dir, { recursive: true });
    const names = new Set<string>();
    while (names.size < o.batch && done + names.size < o.revisions) {
      const name = rng.chance(HOT_SHARE) ? rng.pick(hot) : (order[next++ % order.length] as string);
      if (names.has(name)) continue;
      names.add(name);
      const text = current.get(name) ?? readFileSync(path.join(o.corpusDir, name), "utf8");
      const changed = reviseText(text, rng);
      current.set(name, changed);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      writeFileSync(path.join(dir, name), changed);
    }
    const report = await ingestPaths(app.db, [dir]);
    revised += report.revised;
    unchanged += report.unchanged;
    failed += report.failed;
    added += report.added;
    await app.search.catchUp(true);
    rmSync(dir, { recursive: true, force: true });
    done += names.size;
  }
  const ms = performance.now() - started;
  return {
    revisions: o.revisions,
    revised,
    unchanged,
    failed,
    added,
    repliesTouched: counts.size,
    maxPerReply: Math.max(0, ...counts.values()),
    msPerRevision: Math.round((100 * ms) / Math.max(1, o.revisions)) / 100,
  };
}

/** Lines of running text that can change without touching the reply's identity (title, greeting, first sentence). */
const isBody = (line: string) =>
  line.includes("。") && line.length >= 40 && !/收悉|函告如下|参考|感谢|特此|：$/.test(line);

/**
 * One revision of a reply's text: one to three of: a body paragraph dropped,
 * its figures changed, a sentence with new words added, two paragraphs
 * swapped. The identity lines are kept, so the reply keeps its key.
 */
export function reviseText(text: string, rng: Random): string {
  const lines = text.split("\n");
  const body = () => lines.flatMap((l, i) => (isBody(l) ? [i] : []));
  for (let ops = rng.int(1, 3); ops > 0; ops--) {
    const candidates = body();
    const at = candidates.length > 0 ? rng.pick(candidates) : -1;
    const roll = rng.next();
    if (at < 0) break;
    if (roll < 0.25 && candidates.length >= 3) lines.splice(at, 1);
    else if (roll < 0.5) {
      lines[at] = (lines[at] ?? "").replace(/\d+/g, (n) =>
        String(Math.max(1, Math.round(Number(n) * (0.5 + rng.next())))),
      );
    } else if (roll < 0.75 && candidates.length >= 2) {
      const other = rng.pick(candidates);
      [lines[at], lines[other]] = [lines[other] ?? "", lines[at] ?? ""];
    }
  }
  // Always one new sentence, so the text (and its hash) changes and new terms appear.
  const candidates = body();
  const at = candidates.length > 0 ? rng.pick(candidates) : lines.length - 1;
  lines[at] = appendSentence(lines[at] ?? "", newSentence(rng));
  return lines.join("\n");
}

/** Inserts before a closing HTML tag, if the line has one. */
function appendSentence(line: string, sentence: string): string {
  const m = /<\/p>\s*$/.exec(line);
  return m ? `${line.slice(0, m.index)}${sentence}${line.slice(m.index)}` : `${line}${sentence}`;
}

const WORD_CHARS =
  "创新服务企业项目资金平台建设推进完善机制人才园区设施改造提升保障监测试点标准网络站点";

function newSentence(rng: Random): string {
  const word = () =>
    Array.from({ length: 2 }, () =>
      rng.chance(0.5) ? rng.pick([...WORD_CHARS]) : String.fromCharCode(rng.int(0x4e00, 0x9fa5)),
    ).join("");
  return `今年新增${word()}${word()}项目${rng.int(2, 90)}个，完成${word()}${rng.int(10, 999)}万元。`;
}

function shuffle<T>(items: readonly T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

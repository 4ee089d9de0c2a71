import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import type { SubscriptionFilter } from "../src/alerts/alert-types.ts";
import {
  type MatchableReply,
  matchableReply,
  placesContaining,
  replyYear,
} from "../src/alerts/matchable-reply.ts";
import { issuerPlacesAgree } from "../src/alerts/reply-places.ts";
import { SubscriptionMatcher } from "../src/alerts/subscription-matcher.ts";
import { issuerMatches } from "../src/documents/issuer-match.ts";
import { parseReplyFile } from "../src/documents/parse-reply-file.ts";
import type { ReplyDocument } from "../src/documents/reply.ts";
import { normalizeForSearch } from "../src/search/tokenizer.ts";
import { corpusVocabulary, FilterDrawer } from "./alert-filters.ts";
import { generateCorpus } from "./corpus-generator.ts";
import { Random } from "./random.ts";

/**
 * Matching cost of alerts: N subscriptions with varied filters matched
 * against one new reply at a time, by the indexed {@link SubscriptionMatcher}
 * and by a naive peer that checks every subscription in turn with plain
 * `includes` over the reply's whole text. Both are timed from the parsed
 * reply (normalising its text is part of the cost), and must agree.
 *
 * Run: `npx tsx bench/alert-matching.ts --subscriptions 100000`
 */

/** Figures of one run. Times are per reply matched, in milliseconds. */
export interface AlertMatchingFigures {
  readonly subscriptions: number;
  /** Distinct filters among them (identical ones are matched once). */
  readonly distinctFilters: number;
  /** Replies matched (each timed). */
  readonly replies: number;
  /** Subscriptions matched per reply, on average. */
  readonly matched: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time of the match per reply (the process's, so other load on the machine does not count). */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  /** Building the matcher from the subscriptions (once, at start or after a change). */
  readonly buildMs: number;
  readonly buildCpuMs: number;
  /** The naive peer's median per reply. */
  readonly naiveMs: number;
  /** Replies on which the matcher and the naive peer disagreed (should be 0). */
  readonly disagreements: number;
}

/** Options of {@link measureAlertMatching}. */
export interface AlertMatchingOptions {
  /** Subscriptions to match against. */
  readonly subscriptions: number;
  /** New replies matched, each timed (default 100). */
  readonly replies?: number;
  /** Seed of the generated corpus and filters (default 20261122). */
  readonly seed?: number;
}

const SEEDS_DIR = path.resolve(import.meta.dirname, "../index-data");

/** Generates a corpus and filters, then times matching; see the file's comment. */
export async function measureAlertMatching(
  options: AlertMatchingOptions,
): Promise<AlertMatchingFigures> {
  const seed = options.seed ?? 20261122;
  const replyCount = options.replies ?? 100;
  const docs = parsedCorpus(300 + WARM_UP + replyCount, seed);
  const corpus = docs.slice(0, 300);
  const fresh = docs.slice(300).map((doc, i) => matchableReply(doc, i + 1));
  const drawer = new FilterDrawer(new Random(seed + 1), corpusVocabulary(corpus), corpus);
  const subs = Array.from({ length: options.subscriptions }, (_, i) => ({
    id: i + 1,
    filter: drawer.draw(),
  }));
  const started = performance.now();
  const buildCpu = process.cpuUsage();
  const matcher = new SubscriptionMatcher(subs);
  const buildMs = performance.now() - started;
  const buildCpuMs = cpuMs(buildCpu);
  const run = timeMatching(matcher, subs, fresh.slice(0, WARM_UP), fresh.slice(WARM_UP));
  return {
    subscriptions: subs.length,
    distinctFilters: matcher.distinctFilters,
    replies: replyCount,
    matched: Math.round(run.matched / Math.max(1, replyCount)),
    p50Ms: round(percentile(run.times, 0.5)),
    p99Ms: round(percentile(run.times, 0.99)),
    cpuP50Ms: round(percentile(run.cpuTimes, 0.5)),
    cpuP99Ms: round(percentile(run.cpuTimes, 0.99)),
    buildMs: round(buildMs),
    buildCpuMs: round(buildCpuMs),
    naiveMs: round(percentile(run.naiveTimes, 0.5)),
    disagreements: run.disagreements,
  };
}

/** Replies matched untimed first, so that the figures are of compiled code. */
const WARM_UP = 5;

/** Matches each reply with the matcher and the naive peer, timing both (after the warm-up replies). */
function timeMatching(
  matcher: SubscriptionMatcher,
  subs: readonly { readonly id: number; readonly filter: SubscriptionFilter }[],
  warmUp: readonly MatchableReply[],
  replies: readonly MatchableReply[],
) {
  for (const reply of warmUp) [matcher.match(reply), naiveMatch(subs, reply)];
  const run = { times: [] as number[], cpuTimes: [] as number[], naiveTimes: [] as number[] };
  let matched = 0;
  let disagreements = 0;
  for (const reply of replies) {
    let started = performance.now();
    const cpu = process.cpuUsage();
    const found = matcher.match(reply);
    run.times.push(performance.now() - started);
    run.cpuTimes.push(cpuMs(cpu));
    started = performance.now();
    const naive = naiveMatch(subs, reply);
    run.naiveTimes.push(performance.now() - started);
    matched += found.length;
    if (found.map((m) => m.subscriptionId).join() !== naive.join()) disagreements++;
  }
  return { ...run, matched, disagreements };
}

/** The first `count` generated replies that parse. */
function parsedCorpus(count: number, seed: number): ReplyDocument[] {
  const docs: ReplyDocument[] = [];
  for (const file of generateCorpus(SEEDS_DIR, count * 2, seed)) {
    if (!file.truth) continue;
    try {
      docs.push(parseReplyFile(file.name, Buffer.from(file.text, "utf8")));
    } catch {
      // A generated file the parser rejects is not a reply to alert on.
    }
    if (docs.length >= count) break;
  }
  return docs;
}

/** The peer: every subscription checked in turn, keywords by `includes` over the whole text (title, 文号, bodies, sections). */
function naiveMatch(
  subs: readonly { readonly id: number; readonly filter: SubscriptionFilter }[],
  reply: MatchableReply,
): number[] {
  const issuers = reply.issuers.length > 0 ? reply.issuers : reply.issuer ? [reply.issuer] : [];
  const text = [
    reply.title ?? "",
    reply.proposalTitle ?? "",
    reply.docNumber ?? "",
    ...issuers,
    ...reply.sections.flatMap((s) => [s.title, s.text]),
  ]
    .map(normalizeForSearch)
    .join("\u0001");
  const year = replyYear(reply);
  const places = placesContaining(reply.place, issuers);
  const out: number[] = [];
  for (const { id, filter: f } of subs) {
    if (!f.keywords.every((k) => text.includes(k))) continue;
    if (f.excluded.some((k) => text.includes(k))) continue;
    if (f.year !== null && f.year !== year) continue;
    if (f.proposalKind !== null && f.proposalKind !== reply.proposalKind) continue;
    if (f.resultCategory !== null && f.resultCategory !== reply.resultCategory) continue;
    if (f.place !== null && !places.has(f.place)) continue;
    const issuer = f.issuer;
    if (
      issuer !== null &&
      !issuers.some(
        (i) =>
          issuerMatches(i, issuer, { issuerPlace: reply.place }) && issuerPlacesAgree(i, issuer),
      )
    )
      continue;
    out.push(id);
  }
  return out;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith("alert-matching.ts")) {
  const subscriptions = Number(argument("subscriptions") ?? 100_000);
  const replies = Number(argument("replies") ?? 100);
  const figures = await measureAlertMatching({ subscriptions, replies });
  const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);
  line("subscriptions (distinct filters)", `${figures.subscriptions} (${figures.distinctFilters})`);
  line("replies matched", String(figures.replies));
  line("matched per reply (mean)", String(figures.matched));
  line("match per reply p50 / p99", `${figures.p50Ms} ms / ${figures.p99Ms} ms (target ≤ 50 ms)`);
  line("  CPU time p50 / p99", `${figures.cpuP50Ms} ms / ${figures.cpuP99Ms} ms`);
  line("naive peer per reply p50", `${figures.naiveMs} ms`);
  line("build matcher (CPU)", `${figures.buildMs} ms (${figures.buildCpuMs} ms)`);
  line("disagreements with the peer", String(figures.disagreements));
  line("load average (1 min) / CPUs", `${loadavg()[0]?.toFixed(1)} / ${availableParallelism()}`);
}

import { parseArgs } from "node:util";
import { type CompactionPolicy, DEFAULT_COMPACTION } from "../src/search/index-engine.ts";
import { type IndexableSection, SectionIndex } from "../src/search/section-index.ts";
import type { ReplySummary } from "../src/storage/reply.repository.ts";

/**
 * How the live index's ids and arrays behave under churn: revises random
 * replies of a synthetic corpus in one process, as the search service does
 * (remove the old sections, index the new ones), and prints the index's
 * footprint, the time per revision and per compaction, and search latency.
 *
 *   npx tsx bench/index-footprint.ts --replies 1000 --revisions 2000
 *   npx tsx bench/index-footprint.ts --replies 10000 --revisions 5000 --no-compaction
 */

const { values } = parseArgs({
  options: {
    replies: { type: "string", default: "1000" },
    revisions: { type: "string", default: "2000" },
    "no-compaction": { type: "boolean", default: false },
  },
});
const REPLIES = Number(values.replies);
const REVISIONS = Number(values.revisions);
const policy: CompactionPolicy | undefined = values["no-compaction"]
  ? undefined
  : DEFAULT_COMPACTION;

/** mulberry32 */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(42);
const HAN = Array.from({ length: 3000 }, (_, i) =>
  String.fromCharCode(0x4e00 + ((i * 7919) % 20000)),
);
/** Words with a Zipf-like frequency: a few very common, a long tail. */
const WORDS = Array.from({ length: 40_000 }, () =>
  Array.from(
    { length: 2 + Math.floor(random() * 3) },
    () => HAN[Math.floor(random() * HAN.length)],
  ).join(""),
);
const word = () => WORDS[Math.floor(WORDS.length * random() ** 3)] as string;
const text = (n: number) => Array.from({ length: n }, word).join(random() < 0.5 ? "" : "，");

let nextSection = 1;
const sections = (): IndexableSection[] =>
  Array.from({ length: 3 + Math.floor(random() * 5) }, () => ({
    id: nextSection++,
    title: text(3),
    text: text(60 + Math.floor(random() * 120)),
  }));
const summary = (id: number) =>
  ({
    id,
    docNumber: `测复〔2024〕${id}号`,
    issuer: "某委",
    replyKind: "答复",
    proposalKind: "建议",
    session: null,
    proposalNumber: String(id),
    proposers: [word()],
    recipient: null,
    proposalTitle: text(4),
  }) as unknown as ReplySummary;

const corpus = new Map<number, { reply: ReplySummary; sections: IndexableSection[] }>();
for (let id = 1; id <= REPLIES; id++) corpus.set(id, { reply: summary(id), sections: sections() });
let started = performance.now();
const index = SectionIndex.build(corpus.values(), {
  postingBudget: 20_000,
  candidates: 300,
  ...(policy ? { compaction: policy } : {}),
});
console.log(`built ${index.size} sections in ${(performance.now() - started).toFixed(0)} ms`);

const queries = Array.from({ length: 200 }, () => [word(), word(), word()].join(""));
function searchP50(): number {
  const times = queries.map((q) => {
    const t = performance.now();
    index.search(q.match(/../g) ?? []);
    return performance.now() - t;
  });
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}
const mb = () => (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
const show = (label: string) => {
  const f = index.footprint();
  console.log(
    `${label}: sections ${f.documents}, base terms ${f.baseTerms}, base postings ${f.basePostings}, nextId ${f.nextId}, removed ids ${f.removedIds}, overlay terms ${f.overlayTerms}, churn ${f.churn}, compactions ${f.compactions}, heap ${mb()} MB, search p50 ${searchP50().toFixed(3)} ms`,
  );
};
show("before");
let slowest = 0;
started = performance.now();
for (let i = 1; i <= REVISIONS; i++) {
  const id = 1 + Math.floor(random() * REPLIES);
  const old = corpus.get(id) as { reply: ReplySummary; sections: IndexableSection[] };
  const revised = { reply: old.reply, sections: sections() };
  const t = performance.now();
  index.removeSections(old.sections.map((s) => s.id));
  index.addReply(revised.reply, revised.sections);
  slowest = Math.max(slowest, performance.now() - t);
  corpus.set(id, revised);
  if (i % Math.max(1, Math.floor(REVISIONS / 4)) === 0) show(`after ${i} revisions`);
}
const total = performance.now() - started;
console.log(
  `revision: mean ${(total / REVISIONS).toFixed(2)} ms, slowest ${slowest.toFixed(0)} ms (the slowest includes a compaction when one ran)`,
);
started = performance.now();
index.compact();
console.log(`explicit compaction: ${(performance.now() - started).toFixed(0)} ms`);
show("compacted");

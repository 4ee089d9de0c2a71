import { parseArgs } from "node:util";
import { Catalog } from "../src/search/catalog.ts";
import { type CompactionPolicy, DEFAULT_COMPACTION } from "../src/search/index-engine.ts";
import { type IndexableSection, SectionIndex } from "../src/search/section-index.ts";
import { openDataDirDatabase } from "../src/storage/database.ts";
import type { ReplySummary } from "../src/storage/reply.repository.ts";
import { getSectionsOfReplies } from "../src/storage/section.repository.ts";

/**
 * How the live index's ids and arrays behave under churn: revises random
 * replies of a synthetic corpus in one process, as the search service does
 * (remove the old sections, index the new ones), and prints the index's
 * footprint, the time per revision and per compaction, and search latency.
 *
 *   npx tsx bench/index-footprint.ts --data bench/out/data-1000 --revisions 2000
 *   npx tsx bench/index-footprint.ts --replies 1000 --revisions 2000 --no-compaction
 *
 * With --data (a data folder `npm run bench` left), the corpus is that
 * archive's, and a revision keeps a reply's titles and swaps one sentence of
 * each section for one of another reply; without it, a synthetic corpus.
 */

const { values } = parseArgs({
  options: {
    replies: { type: "string", default: "1000" },
    data: { type: "string" },
    revisions: { type: "string", default: "2000" },
    "no-compaction": { type: "boolean", default: false },
  },
});
const REPLIES = Number(values.replies);
const REVISIONS = Number(values.revisions);
const policy: CompactionPolicy | undefined = values["no-compaction"]
  ? undefined
  : DEFAULT_COMPACTION;

/** CPU time (user + system) in ms: steadier than wall time on a busy machine. */
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

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

type Entry = { reply: ReplySummary; sections: IndexableSection[] };
const corpus = new Map<number, Entry>();
if (values.data) {
  const db = await openDataDirDatabase(values.data);
  const catalog = await Catalog.load(db);
  const records = await getSectionsOfReplies(db, [...catalog.replies.keys()]);
  await db.destroy();
  for (const r of records) {
    const reply = catalog.replies.get(r.replyId) as ReplySummary;
    const entry = corpus.get(r.replyId) ?? { reply, sections: [] };
    entry.sections.push(r);
    corpus.set(r.replyId, entry);
    nextSection = Math.max(nextSection, r.id + 1);
  }
} else {
  for (let id = 1; id <= REPLIES; id++)
    corpus.set(id, { reply: summary(id), sections: sections() });
}
const replyIds = [...corpus.keys()];
const sentences = [...corpus.values()].flatMap((e) =>
  e.sections.flatMap((s) => s.text.split("。")),
);
/** The same titles, one sentence of each section swapped for another reply's, new section ids. */
const revise = (entry: Entry): Entry =>
  values.data
    ? {
        reply: entry.reply,
        sections: entry.sections.map((s) => {
          const parts = s.text.split("。");
          parts[Math.floor(random() * parts.length)] = sentences[
            Math.floor(random() * sentences.length)
          ] as string;
          return { id: nextSection++, title: s.title, text: parts.join("。") };
        }),
      }
    : { reply: entry.reply, sections: sections() };
let started = cpu();
const index = SectionIndex.build(corpus.values(), {
  postingBudget: 20_000,
  candidates: 300,
  ...(policy ? { compaction: policy } : {}),
});
console.log(`built ${index.size} sections in ${(cpu() - started).toFixed(0)} ms CPU`);

const queries = Array.from({ length: 200 }, (_, i) => {
  if (!values.data) return [word(), word(), word()].join("");
  const text = sentences[Math.floor(random() * sentences.length)] as string;
  const start = Math.floor(random() * Math.max(1, text.length - 12));
  return text.slice(start, start + (i % 2 === 0 ? 4 : 12));
});
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
let spent = 0;
for (let i = 1; i <= REVISIONS; i++) {
  const id = replyIds[Math.floor(random() * replyIds.length)] as number;
  const old = corpus.get(id) as Entry;
  const revised = revise(old);
  const t = cpu();
  index.removeSections(old.sections.map((s) => s.id));
  index.addReply(revised.reply, revised.sections);
  spent += cpu() - t;
  slowest = Math.max(slowest, cpu() - t);
  corpus.set(id, revised);
  if (i % Math.max(1, Math.floor(REVISIONS / 4)) === 0) show(`after ${i} revisions`);
}
console.log(
  `revision: mean ${(spent / REVISIONS).toFixed(2)} ms CPU, slowest ${slowest.toFixed(0)} ms (a compaction when one ran)`,
);
started = cpu();
index.compact();
console.log(`explicit compaction: ${(cpu() - started).toFixed(0)} ms CPU`);
show("compacted");

/**
 * Does churn stall questions? Opens the app over a generated corpus, then
 * revises replies through `app.ingest` (the process's own writes, a batch of
 * files per call) while a question is asked every 20 ms, and reports the
 * event-loop delay and question latency over the churn, the compactions that
 * ran (inline, or swapped in from the background) and the final footprint.
 *
 *   npx tsx bench/compaction-stall.ts [--replies 1000] [--revisions 1000] [--batch 10] [--json]
 *
 * Churn per revision is twice the reply's sections (old ids removed, new
 * ones added), so the default compaction policy (2,000 ids, a quarter of the
 * sections) fires about every 350 revisions at 1,000 replies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createAnswerer } from "../src/answering/answerer.ts";
import { openApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { SectionIndex } from "../src/search/section-index.ts";

const TOPICS = ["科技金融", "人才引进", "养老服务", "垃圾分类", "城市更新", "数字政务", "低空经济"];

/** A small, valid reply with its own 文号; `round` changes its figures (a revision). */
function replyText(n: number, round: number): string {
  const topic = TOPICS[n % TOPICS.length];
  return [
    "上海市测试委员会",
    `沪测复〔2025〕${n}号`,
    `对市政协十四届一次会议第${String(n).padStart(4, "0")}号提案的答复`,
    "张三等委员：",
    `你们提出的“关于推进${topic}第${n}项工作的建议”的提案收悉，经研究，现将办理情况答复如下：`,
    `关于“${topic}”的建议，本市已建成${topic}项目${n * 7 + round}个，累计投入资金${n}.${round % 10}亿元。`,
    `关于“工作机制”的建议，第${n}批试点覆盖${3 + (n % 9)}个区，惠及企业${200 + n + round}家。`,
    "感谢你们对本市工作的关心与支持。",
    "上海市测试委员会",
    `2025年${1 + (n % 12)}月${1 + (n % 28)}日`,
  ].join("\n\n");
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      replies: { type: "string", default: "1000" },
      revisions: { type: "string", default: "1000" },
      batch: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
    },
  });
  const replies = Number(values.replies);
  const revisions = Number(values.revisions);
  const batch = Number(values.batch);
  const root = mkdtempSync(path.join(tmpdir(), "dafu-compaction-"));
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const corpus = path.join(root, "corpus");
    mkdirSync(corpus);
    for (let n = 1; n <= replies; n++)
      writeFileSync(path.join(corpus, `r${n}.md`), replyText(n, 0));
    const config = loadConfig({
      DAFU_DATA_DIR: path.join(root, "data"),
      DAFU_CORPUS_DIR: corpus,
      DAFU_LOG_LEVEL: "silent",
    });
    const app = await openApp(config, { follow: false });
    const answerer = createAnswerer(app);
    const sections = app.search.index.size;

    // Questions every 20 ms while the churn runs.
    const latencies: number[] = [];
    let churning = true;
    const asking = (async () => {
      for (let i = 0; churning; i++) {
        const asked = performance.now();
        await answerer.answer({ text: `${TOPICS[i % TOPICS.length]}项目建成了多少个` });
        latencies.push(performance.now() - asked);
        await sleep(20);
      }
    })();

    // Count the compactions: in place (the index's own counter) or swapped in (a new index object).
    const started = performance.now();
    let seen: SectionIndex = app.search.index;
    let swapped = 0;
    const watch = () => {
      if (app.search.index !== seen) {
        swapped++;
        events.push(`${round1((performance.now() - started) / 1000)} s: index swapped in`);
      }
      seen = app.search.index;
    };
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // With --verbose: when the event loop stalled over 100 ms, and when an index was swapped in.
    const events: string[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - last > 100)
        events.push(`${round1((now - started) / 1000)} s: stall ${round1(now - last)} ms`);
      last = now;
    }, 5);
    const dir = path.join(root, "revisions");
    mkdirSync(dir);
    for (let done = 0, r = 1; done < revisions; r++) {
      const files: string[] = [];
      for (let k = 0; k < batch && done < revisions; k++, done++) {
        const n = 1 + ((done * 7919) % replies);
        const file = path.join(dir, `r${n}.md`);
        writeFileSync(file, replyText(n, r));
        files.push(file);
      }
      await app.ingest(files);
      watch();
    }
    const churnMs = performance.now() - started;
    // A background compaction may still be under way: wait for it (new code only), questions still running.
    const follower = app.follower as { whenCompacted?: () => Promise<boolean> };
    await follower.whenCompacted?.();
    watch();
    churning = false;
    await asking;
    delay.disable();
    clearInterval(ticker);
    if (values.verbose) for (const event of events) console.log(event);
    const footprint = app.search.index.footprint();
    const result = {
      replies,
      sections,
      revisions,
      batch,
      churnSeconds: round1(churnMs / 1000),
      compactionsInline: footprint.compactions,
      compactionsSwapped: swapped,
      eventLoopDelay: {
        p50: round1(delay.percentile(50) / 1e6),
        p99: round1(delay.percentile(99) / 1e6),
        max: round1(delay.max / 1e6),
      },
      questions: {
        count: latencies.length,
        p50: round1(quantile(latencies, 0.5)),
        p99: round1(quantile(latencies, 0.99)),
        max: round1(Math.max(...latencies)),
      },
      footprint: {
        documents: footprint.documents,
        nextId: footprint.nextId,
        churn: footprint.churn,
        overlayTerms: footprint.overlayTerms,
      },
    };
    await app.close();
    if (values.json) console.log(JSON.stringify(result));
    else {
      const { eventLoopDelay: d, questions: q, footprint: f } = result;
      console.log(
        `${replies} replies (${sections} sections), ${revisions} revisions in batches of ${batch}: ${result.churnSeconds} s`,
      );
      console.log(
        `compactions: ${result.compactionsInline} inline, ${result.compactionsSwapped} index swaps (background)`,
      );
      console.log(`event-loop delay: p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms`);
      console.log(
        `${q.count} questions during churn: p50 ${q.p50} ms, p99 ${q.p99} ms, max ${q.max} ms`,
      );
      console.log(
        `footprint after: sections ${f.documents}, nextId ${f.nextId}, churn ${f.churn}, overlay terms ${f.overlayTerms}`,
      );
    }
  } finally {
    clearInterval(keepAlive);
    rmSync(root, { recursive: true, force: true });
  }
}

await main();

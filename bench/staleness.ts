/**
 * How stale can the running process's index be? Measures, on a temporary
 * data folder:
 *   1. another process's write → searchable here, with the default 2 s timer;
 *   2. this process's own ingest → searchable when `app.ingest` resolves;
 *   3. a bulk write by another process (a rebuild in the background): how long
 *      until it is searchable, and how long questions asked meanwhile take.
 *
 *   npx tsx bench/staleness.ts [--replies 2000] [--rounds 10] [--json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createAnswerer } from "../src/answering/answerer.ts";
import { openApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { ingestPaths } from "../src/ingest/ingest.ts";
import { openDataDirDatabase } from "../src/storage/database.ts";
import { corpusVersion } from "../src/storage/meta.repository.ts";

const TOPICS = ["科技金融", "人才引进", "养老服务", "垃圾分类", "城市更新", "数字政务", "低空经济"];

/** A small, valid reply with its own 文号 and figures. */
function replyText(n: number, topic = TOPICS[n % TOPICS.length]): string {
  return [
    "上海市测试委员会",
    `沪测复〔2025〕${n}号`,
    `对市政协十四届一次会议第${String(n).padStart(4, "0")}号提案的答复`,
    "张三等委员：",
    `你们提出的“关于推进${topic}第${n}项工作的建议”的提案收悉，经研究，现将办理情况答复如下：`,
    `关于“${topic}”的建议，本市已建成${topic}项目${n * 7}个，累计投入资金${n}.5亿元。`,
    `关于“工作机制”的建议，第${n}批试点覆盖${3 + (n % 9)}个区，惠及企业${200 + n}家。`,
    "感谢你们对本市工作的关心与支持。",
    "上海市测试委员会",
    `2025年${1 + (n % 12)}月${1 + (n % 28)}日`,
  ].join("\n\n");
}

function write(dir: string, from: number, count: number): string {
  mkdirSync(dir, { recursive: true });
  for (let n = from; n < from + count; n++) writeFileSync(path.join(dir, `r${n}.md`), replyText(n));
  return dir;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const ms = (x: number) => Math.round(x * 10) / 10;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      replies: { type: "string", default: "2000" },
      rounds: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
    },
  });
  const base = Number(values.replies);
  const rounds = Number(values.rounds);
  const root = mkdtempSync(path.join(tmpdir(), "dafu-staleness-"));
  // The follower's timer does not keep a process alive (a bot's adapter does): this script must.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const config = loadConfig({
      DAFU_DATA_DIR: path.join(root, "data"),
      DAFU_CORPUS_DIR: write(path.join(root, "base"), 1, base),
      DAFU_LOG_LEVEL: "silent",
    });
    const app = await openApp(config); // default timer: 2000 ms
    const answerer = createAnswerer(app);
    const other = await openDataDirDatabase(config.dataDir);

    // 1. Another connection (as another process would) writes one reply; when does it show here?
    const foreign: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await sleep(Math.random() * 2000);
      const n = 100_000 + i;
      await ingestPaths(other, [write(path.join(root, `f${i}`), n, 1)]);
      const committed = performance.now();
      await app.follower.whenVersion(await corpusVersion(other));
      foreign.push(performance.now() - committed);
    }

    // 2. Own ingest: searchable when app.ingest resolves.
    const own: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await app.ingest([write(path.join(root, `o${i}`), 200_000 + i, 1)]);
      own.push(performance.now() - started);
    }

    // 3. A bulk write elsewhere (half the corpus again): rebuild in the background while questions come in.
    const bulk = Math.max(250, Math.round(base / 2));
    await ingestPaths(other, [write(path.join(root, "bulk"), 300_000, bulk)]);
    const target = await corpusVersion(other);
    const committed = performance.now();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const latencies: number[] = [];
    let caughtUp = false;
    const done = app.follower.whenVersion(target).then(() => {
      caughtUp = true;
    });
    while (!caughtUp) {
      const asked = performance.now();
      await answerer.answer({ text: `科技金融项目建成了多少个` });
      latencies.push(performance.now() - asked);
      await sleep(20);
    }
    await done;
    const rebuildVisible = performance.now() - committed;
    delay.disable();

    const result = {
      replies: base,
      timerMs: 2000,
      foreignWrite: { p50: ms(quantile(foreign, 0.5)), max: ms(Math.max(...foreign)) },
      ownIngest: { p50: ms(quantile(own, 0.5)), max: ms(Math.max(...own)) },
      bulkRebuild: {
        replies: bulk,
        visibleAfterMs: ms(rebuildVisible),
        questionsDuring: latencies.length,
        questionP50: ms(quantile(latencies, 0.5)),
        questionMax: ms(Math.max(...latencies)),
        eventLoopDelayMaxMs: ms(delay.max / 1e6),
      },
    };
    await other.destroy();
    await app.close();
    if (values.json) console.log(JSON.stringify(result));
    else {
      console.log(`corpus ${base} replies, follower timer ${result.timerMs} ms, ${rounds} rounds`);
      console.log(
        `another process's write → searchable: p50 ${result.foreignWrite.p50} ms, max ${result.foreignWrite.max} ms`,
      );
      console.log(
        `own ingest of one file → searchable when it returns: p50 ${result.ownIngest.p50} ms, max ${result.ownIngest.max} ms`,
      );
      const b = result.bulkRebuild;
      console.log(
        `bulk write of ${b.replies} replies elsewhere → searchable after ${b.visibleAfterMs} ms (background rebuild); ` +
          `${b.questionsDuring} questions meanwhile: p50 ${b.questionP50} ms, max ${b.questionMax} ms; ` +
          `event-loop delay max ${b.eventLoopDelayMaxMs} ms`,
      );
    }
  } finally {
    clearInterval(keepAlive);
    rmSync(root, { recursive: true, force: true });
  }
}

await main();

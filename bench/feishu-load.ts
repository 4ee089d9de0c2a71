import { performance } from "node:perf_hooks";
import { createFeishuAdapter } from "../adapters/feishu/feishu-adapter.ts";
import { type Answerer, createAnswerer } from "../src/answering/answerer.ts";
import { createConversation } from "../src/answering/conversation.ts";
import { openApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { messageEvent } from "../test/fakes/feishu-events.ts";
import { FAKE_APP, FakeFeishuServer, type FeishuCall } from "../test/fakes/feishu-open-api.ts";
import { tempDir } from "../test/helpers/corpus.ts";
import { questionMix } from "./question-mix.ts";
import { Random } from "./random.ts";

/**
 * Load figure for the Feishu adapter: QUESTIONS questions from CHATS chats
 * (half direct, half groups @-mentioning the bot) through the fake Feishu
 * server's long connection (pbbp2 frames over a WebSocket) and Open API
 * (real HTTP), twice: saturated (each chat asks again once answered) and
 * paced (a steady arrival rate). Latency runs from the event frame sent to
 * the reply request arriving at the fake: both ends are on 127.0.0.1, so it
 * bounds "event received → reply issued" in the bot from above. Counts lost
 * answers and messages posted twice. Run: `npm run bench:feishu` (env
 * BENCH_RATE, BENCH_CORPUS_DIR).
 */

const CHATS = 100;
const QUESTIONS = 1000;
const WARMUP = 50;
const TARGET_P99_MS = 100;
/** Arrival rate of the paced run, questions per second. Env BENCH_RATE. */
const RATE = Number(process.env.BENCH_RATE ?? 40);
/** A question unanswered after this long counts as lost. */
const LOST_AFTER_MS = 30_000;

interface Asked {
  readonly messageId: string;
  readonly sentAt: number;
}

async function main(): Promise<void> {
  process.env.NO_PROXY = "127.0.0.1,localhost";
  const temp = tempDir("dafu-bench-fs-");
  const fake = await FakeFeishuServer.start();
  const config = loadConfig({
    DAFU_DATA_DIR: temp.dir,
    DAFU_LOG_LEVEL: "silent",
    ...(process.env.BENCH_CORPUS_DIR ? { DAFU_CORPUS_DIR: process.env.BENCH_CORPUS_DIR } : {}),
    FEISHU_APP_ID: FAKE_APP.appId,
    FEISHU_APP_SECRET: FAKE_APP.appSecret,
    FEISHU_DOMAIN: fake.domain,
  });
  const app = await openApp(config);
  const core = createAnswerer(app);
  const answerMs: number[] = [];
  const answerer: Answerer = {
    ...core,
    async answer(message) {
      const t = performance.now();
      const reply = await core.answer(message);
      answerMs.push(performance.now() - t);
      return reply;
    },
  };
  const adapter = createFeishuAdapter({
    config: config.feishu ?? raise("no feishu config"),
    conversation: createConversation({ answerer, db: app.db }),
    answerer,
    db: app.db,
    log: createLogger("error"),
  });
  await adapter.start();
  await fake.connected();
  const questions = (await questionMix(app.db, new Random(20261122), QUESTIONS + WARMUP)).map(
    (q) => q.text,
  );
  const answered = new Map<string, FeishuCall[]>();
  const waiting = new Map<string, () => void>();
  const unsubscribe = fake.onCall((call) => {
    const id = /\/messages\/([^/]+)\/reply$/.exec(call.path)?.[1];
    if (call.route !== "reply" || call.code !== 0 || !id) return;
    answered.set(id, [...(answered.get(id) ?? []), call]);
    waiting.get(id)?.();
  });
  const ask = (chat: number, text: string): Promise<Asked> => {
    const group = chat % 2 === 1;
    const event = messageEvent({
      chatId: `oc_bench_${chat}`,
      chatType: group ? "group" : "p2p",
      sender: `ou_user_${chat}`,
      text,
    });
    const asked = { messageId: event.event.message.message_id, sentAt: performance.now() };
    const done = new Promise<Asked>((resolve) => {
      const timer = setTimeout(() => resolve(asked), LOST_AFTER_MS);
      waiting.set(asked.messageId, () => {
        clearTimeout(timer);
        resolve(asked);
      });
    });
    fake.push(event).catch(() => undefined);
    return done;
  };

  for (const text of questions.slice(0, WARMUP)) await ask(0, text);
  const pick = (k: number) => questions[WARMUP + (k % QUESTIONS)] ?? "帮助";

  const perChat = QUESTIONS / CHATS;
  const started = performance.now();
  const closed = (
    await Promise.all(
      Array.from({ length: CHATS }, async (_, c) => {
        const mine: Asked[] = [];
        for (let i = 0; i < perChat; i++) mine.push(await ask(c, pick(c * perChat + i)));
        return mine;
      }),
    )
  ).flat();
  const saturated = closed.length / ((performance.now() - started) / 1000);

  const answersBefore = answerMs.length;
  const paced: Promise<Asked>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < QUESTIONS; k++) {
    await sleep(t0 + (k * 1000) / RATE - performance.now());
    paced.push(ask(k % CHATS, pick(k)));
  }
  const open = await Promise.all(paced);
  await adapter.stop();
  unsubscribe();

  const c = measure(closed, answered);
  const o = measure(open, answered);
  const cp = percentile(c.latencies);
  const op = percentile(o.latencies);
  const answering = percentile(answerMs.slice(answersBefore));
  const p99 = op(99);
  const lines = [
    `Feishu load: ${QUESTIONS} questions from ${CHATS} chats (${CHATS / 2} direct, ${CHATS / 2} groups with @bot), ${app.search.catalog.replies.size} replies, fake long connection + Open API on 127.0.0.1`,
    "",
    `saturated (each chat asks again once answered, ${CHATS} chats at once)`,
    `  answers/s           ${saturated.toFixed(1)}`,
    `  latency p50 / p99   ${cp(50).toFixed(1)} / ${cp(99).toFixed(1)} ms (queueing behind ${CHATS} chats)`,
    `  lost / twice        ${c.lost} / ${c.twice}`,
    "",
    `paced at ${RATE} questions/s`,
    `  latency p50 (ms)    ${op(50).toFixed(1)}   event frame sent → reply request at the fake`,
    `  latency p99 (ms)    ${p99.toFixed(1)}   target ≤ ${TARGET_P99_MS}: ${p99 <= TARGET_P99_MS ? "met" : "MISSED"}`,
    `  latency max (ms)    ${op(100).toFixed(1)}`,
    `  of which answering  p50 ${answering(50).toFixed(1)} / p99 ${answering(99).toFixed(1)} ms (search and excerpts in the core)`,
    `  lost / twice        ${o.lost} / ${o.twice}`,
    `  resends caught by uuid ${fake.calls.filter((call) => call.deduped).length}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  await app.close();
  await fake.close();
  temp.cleanup();
  if (c.lost + c.twice + o.lost + o.twice > 0) process.exitCode = 1;
}

/** Lost answers, messages posted more than once, and latencies to the first reply. */
function measure(asked: readonly Asked[], answered: Map<string, FeishuCall[]>) {
  const latencies: number[] = [];
  let lost = 0;
  let twice = 0;
  for (const a of asked) {
    const calls = answered.get(a.messageId) ?? [];
    const posted = calls.filter((call) => !call.deduped);
    if (posted.length === 0) lost++;
    if (posted.length > 1) twice++;
    const first = calls[0];
    if (first) latencies.push(first.at - a.sentAt);
  }
  return { latencies, lost, twice };
}

/** Nearest-rank percentile over a copy sorted once. */
function percentile(values: readonly number[]): (p: number) => number {
  const sorted = [...values].sort((x, y) => x - y);
  return (p) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function raise(message: string): never {
  throw new Error(message);
}

await main();

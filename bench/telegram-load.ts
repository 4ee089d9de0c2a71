import { performance } from "node:perf_hooks";
import type { Chat, User } from "grammy/types";
import { createTelegramAdapter } from "../adapters/telegram/telegram-adapter.ts";
import { type Answerer, createAnswerer } from "../src/answering/answerer.ts";
import { createConversation } from "../src/answering/conversation.ts";
import { openApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { type ApiCall, FakeTelegramServer } from "../test/fakes/telegram-api-server.ts";
import { tempDir } from "../test/helpers/corpus.ts";
import { questionMix } from "./question-mix.ts";
import { Random } from "./random.ts";

/**
 * Load figure for the Telegram adapter: QUESTIONS questions from CHATS chats
 * (half private, half groups mentioning the bot) through the fake Bot API
 * server over real HTTP, twice: saturated (every chat asks again as soon as
 * it is answered; gives answers per second) and paced (questions arriving at
 * a steady rate; gives latency from an update received by the bot to its
 * sendMessage issued, and the share of it spent answering). Counts lost and
 * doubled answers in both. Run: `npm run bench:telegram` (env BENCH_RATE,
 * BENCH_CORPUS_DIR).
 */

const CHATS = 100;
const QUESTIONS = 1000;
const WARMUP = 50;
const TARGET_P99_MS = 100;
/** Arrival rate of the paced run, questions per second. Env BENCH_RATE. */
const RATE = Number(process.env.BENCH_RATE ?? 40);

interface Asked {
  readonly chatId: number;
  readonly messageId: number;
  readonly updateId: number;
}

async function main(): Promise<void> {
  const temp = tempDir("dafu-bench-tg-");
  const fake = await FakeTelegramServer.start();
  const config = loadConfig({
    DAFU_DATA_DIR: temp.dir,
    DAFU_LOG_LEVEL: "silent",
    ...(process.env.BENCH_CORPUS_DIR ? { DAFU_CORPUS_DIR: process.env.BENCH_CORPUS_DIR } : {}),
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
  });
  const app = await openApp(config);
  const core = createAnswerer(app);
  // The core's own time per question, to tell the adapter's share of the latency from the search's.
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
  const adapter = createTelegramAdapter({
    config: config.telegram ?? raise("no telegram config"),
    conversation: createConversation({ answerer, db: app.db }),
    answerer,
    db: app.db,
    log: createLogger("error"),
    registerCommands: false,
  });
  // Timed inside the bot: an update is received when getUpdates returns it; an answer is issued when sendMessage is called.
  const received = new Map<number, number>();
  const issued = new Map<string, number>();
  adapter.bot.api.config.use(async (prev, method, payload, signal) => {
    if (method === "sendMessage") {
      const p = payload as { chat_id: number; reply_parameters?: { message_id: number } };
      const key = `${p.chat_id}:${p.reply_parameters?.message_id}`;
      if (!issued.has(key)) issued.set(key, performance.now());
    }
    const result = await prev(method, payload, signal);
    if (method === "getUpdates" && result.ok) {
      const now = performance.now();
      for (const u of result.result as { update_id: number }[]) received.set(u.update_id, now);
    }
    return result;
  });
  await adapter.start();
  const chats = makeChats(fake);
  const questions = (await questionMix(app.db, new Random(20261122), QUESTIONS + WARMUP)).map(
    (q) => q.text,
  );
  const answered = new Map<string, ApiCall[]>();
  const waiting = new Map<string, () => void>();
  const unsubscribe = fake.onCall((call) => {
    const replyTo = (call.payload.reply_parameters as { message_id?: number } | undefined)
      ?.message_id;
    if (call.method !== "sendMessage" || !call.ok || replyTo === undefined) return;
    const key = `${call.payload.chat_id}:${replyTo}`;
    answered.set(key, [...(answered.get(key) ?? []), call]);
    waiting.get(key)?.();
  });
  const ask = (chat: ChatUser, text: string): Promise<Asked> => {
    const said = fake.userSays(
      chat.chat.id,
      chat.user,
      chat.group ? `@${fake.bot.username} ${text}` : text,
    );
    const key = `${chat.chat.id}:${said.message.message_id}`;
    const asked = {
      chatId: chat.chat.id,
      messageId: said.message.message_id,
      updateId: said.update?.update_id ?? -1,
    };
    if (answered.has(key)) return Promise.resolve(asked);
    return new Promise((resolve) => waiting.set(key, () => resolve(asked)));
  };

  for (const text of questions.slice(0, WARMUP)) await ask(chats[0] ?? raise("no chats"), text);
  const pick = (k: number) => questions[WARMUP + (k % QUESTIONS)] ?? "帮助";

  // Saturation: every chat asks its next question as soon as the previous one is answered.
  const perChat = QUESTIONS / CHATS;
  const started = performance.now();
  const closed = (
    await Promise.all(
      chats.map(async (chat, c) => {
        const mine: Asked[] = [];
        for (let i = 0; i < perChat; i++) mine.push(await ask(chat, pick(c * perChat + i)));
        return mine;
      }),
    )
  ).flat();
  const saturated = closed.length / ((performance.now() - started) / 1000);

  // Paced: the same questions arriving at RATE per second, spread over the chats.
  const answersBefore = answerMs.length;
  const paced: Promise<Asked>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < QUESTIONS; k++) {
    const due = t0 + (k * 1000) / RATE;
    await sleep(due - performance.now());
    paced.push(ask(chats[k % CHATS] ?? raise("no chats"), pick(k)));
  }
  const open = await Promise.all(paced);
  await adapter.stop();
  unsubscribe();

  const timing = { received, issued };
  const closedStats = measure(closed, answered, timing);
  const { latencies, lost, twice } = measure(open, answered, timing);
  const pct = percentile(latencies);
  const answering = percentile(answerMs.slice(answersBefore));
  const p99 = pct(99);
  const closedPct = percentile(closedStats.latencies);
  const lines = [
    `Telegram load: ${QUESTIONS} questions from ${CHATS} chats (${CHATS / 2} private, ${CHATS / 2} groups), ${app.search.catalog.replies.size} replies, fake Bot API over HTTP`,
    "",
    `saturated (each chat asks again once answered, ${CHATS} chats at once)`,
    `  answers/s           ${saturated.toFixed(1)}`,
    `  latency p50 / p99   ${closedPct(50).toFixed(1)} / ${closedPct(99).toFixed(1)} ms (queueing behind ${CHATS} chats)`,
    `  lost / twice        ${closedStats.lost} / ${closedStats.twice}`,
    "",
    `paced at ${RATE} questions/s`,
    `  latency p50 (ms)    ${pct(50).toFixed(1)}   update received → sendMessage issued, in the bot`,
    `  latency p99 (ms)    ${p99.toFixed(1)}   target ≤ ${TARGET_P99_MS}: ${p99 <= TARGET_P99_MS ? "met" : "MISSED"}`,
    `  latency max (ms)    ${pct(100).toFixed(1)}`,
    `  of which answering  p50 ${answering(50).toFixed(1)} / p99 ${answering(99).toFixed(1)} ms (search and excerpts in the core)`,
    `  lost / twice        ${lost} / ${twice}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  await app.close();
  await fake.close();
  temp.cleanup();
  if (lost + twice + closedStats.lost + closedStats.twice > 0) process.exitCode = 1;
}

interface ChatUser {
  readonly chat: Chat;
  readonly user: User;
  readonly group: boolean;
}

function makeChats(fake: FakeTelegramServer): ChatUser[] {
  return Array.from({ length: CHATS }, (_, i) => {
    const user: User = { id: 10_000 + i, is_bot: false, first_name: `user${i}` };
    const group = i % 2 === 1;
    const chat: Chat = group
      ? { id: -100_000 - i, type: "supergroup", title: `group${i}` }
      : { id: user.id, type: "private", first_name: user.first_name };
    fake.addChat(chat);
    return { chat, user, group };
  });
}

/** Lost and doubled answers, and latencies from update received to sendMessage issued (in the bot). */
function measure(
  asked: readonly Asked[],
  answered: Map<string, ApiCall[]>,
  timing: { received: Map<number, number>; issued: Map<string, number> },
) {
  const latencies: number[] = [];
  let lost = 0;
  let twice = 0;
  for (const a of asked) {
    const calls = answered.get(`${a.chatId}:${a.messageId}`) ?? [];
    if (calls.length === 0) lost++;
    if (calls.length > 1) twice++;
    const received = timing.received.get(a.updateId);
    const issued = timing.issued.get(`${a.chatId}:${a.messageId}`);
    if (received !== undefined && issued !== undefined) latencies.push(issued - received);
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

import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { createTelegramAlertSender } from "../adapters/telegram/alert-sender.ts";
import type { SendProgressStore } from "../src/alerts/alert-types.ts";
import { createSendProgressStore } from "../src/storage/alert-send-progress.repository.ts";
import { migrateToLatest, openDatabase } from "../src/storage/database.ts";
import { alertItem, alertMessage, alertTarget } from "../test/adapters/alert-fixtures.ts";
import { FakeTelegramServer } from "../test/fakes/telegram-api-server.ts";
import { tempDir } from "../test/helpers/corpus.ts";

/**
 * The repeat window of a split Telegram digest: each part is recorded in the
 * database (alert_send_progress) right after Telegram confirms it, so a
 * restart repeats at most the one part whose confirmation had not been
 * committed yet. Sends digests of several parts to many chats through the
 * real sender (grammY, over HTTP to the fake server, a WAL database file,
 * 16 sends in flight like the dispatcher) and reports, per part, the time
 * from the platform's confirmation to the commit of its progress row.
 *
 * Run: `npx tsx bench/split-progress.ts [--chats 300] [--items 30]`.
 */

const { values } = parseArgs({
  options: { chats: { type: "string", default: "300" }, items: { type: "string", default: "30" } },
});
const CHATS = Number(values.chats);
const ITEMS = Number(values.items);
const IN_FLIGHT = 16;

const fake = await FakeTelegramServer.start();
const { dir, cleanup } = tempDir("dafu-split-bench-");
const db = openDatabase(path.join(dir, "dafu.sqlite"));
await migrateToLatest(db);

// When Telegram's confirmation of each chat's latest part reached the sender.
const confirmedAt = new Map<string, number>();
const api = new Api(fake.token, { apiRoot: fake.apiRoot });
api.config.use(async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (method === "sendMessage" && result.ok)
    confirmedAt.set(String((payload as { chat_id: unknown }).chat_id), performance.now());
  return result;
});
const windows: number[] = [];
const stored = createSendProgressStore(db);
const timed: SendProgressStore = {
  ...stored,
  async save(key, progress) {
    await stored.save(key, progress);
    const chat = key.slice(2);
    windows.push(performance.now() - (confirmedAt.get(chat) ?? Number.NaN));
  },
};
const sender = createTelegramAlertSender(api, { useGivenApi: true, progress: timed });

const long = "很长的摘录，".repeat(200);
const digest = alertMessage(
  Array.from({ length: ITEMS }, (_, i) =>
    alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long }),
  ),
);
const chats = Array.from({ length: CHATS }, (_, i) => -2_000_000 - i);
for (const id of chats) fake.addChat({ id, type: "supergroup", title: `群${id}` });

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < chats.length) {
      const chat = String(chats[next++]);
      const outcome = await sender.send(alertTarget(chat), digest);
      if (outcome.kind !== "sent") throw new Error(`${chat}: ${outcome.kind}`);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;

const sorted = [...windows].sort((a, b) => a - b);
const at = (p: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(2);
const parts = windows.length / CHATS;
console.log(
  `split digests: ${CHATS} chats × ${parts} parts (${ITEMS} replies each), ${seconds.toFixed(1)} s`,
);
console.log(
  `part repeat window p50 / p99 / max: ${at(0.5)} / ${at(0.99)} / ${at(1)} ms (Telegram confirmed → progress row committed; ${windows.length} parts)`,
);
await db.destroy();
await fake.close();
cleanup();

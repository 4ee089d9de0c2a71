import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { createTelegramAlertSender } from "../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../src/alerts/alert-dispatcher.ts";
import { DEFAULT_GATHER_MS } from "../src/alerts/alert-schedule.ts";
import { createRateLimiter, TELEGRAM_LIMITS } from "../src/alerts/rate-limiter.ts";
import { parseReplyFile } from "../src/documents/parse-reply-file.ts";
import { storeReply } from "../src/ingest/ingest.ts";
import { type Database, openDataDirDatabase } from "../src/storage/database.ts";
import {
  ingestProcess,
  outbox,
  subscribe,
  topicReply,
  writeReply,
} from "../test/alerts/alert-fixtures.ts";
import { FakeTelegramServer } from "../test/fakes/telegram-api-server.ts";
import { tempDir } from "../test/helpers/corpus.ts";

/**
 * Ingest-to-alert latency, as the bot runs: a dispatcher at its default
 * poll (about a second) beside `npm run cli -- ingest` in another process,
 * one subscribed chat on the fake Telegram server. Each figure is the time
 * from the outbox row's commit (inside the ingest's transaction) to the
 * platform's confirmation being recorded. The ingest's gather window is
 * `DAFU_ALERT_GATHER_MS` from the environment (default 2000 ms).
 *
 * A trickle (replies stored one by one, `--spacing` ms apart, as the
 * watcher or the poller store them) shows what the window gathers.
 *
 *   npx tsx bench/alert-latency.ts [--ingests 20] [--batch 40] [--trickle 5] [--spacing 500]
 */

/** What {@link measureIngestToAlert} found, in milliseconds. */
export interface IngestToAlert {
  readonly ingests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** What {@link measureBatchToAlert} found: one CLI ingest of several new replies. */
export interface BatchToAlert {
  readonly replies: number;
  /** Digests the dispatcher sent for them (one: all gathered into one). */
  readonly digests: number;
  /** Telegram messages the chat received (a long digest goes in several parts). */
  readonly messages: number;
  /** Commit → confirmed of the batch's first row and of its last, in ms. */
  readonly firstMs: number;
  readonly lastMs: number;
}

interface Rig {
  readonly db: Database;
  readonly folder: string;
  readonly dataDir: string;
  readonly fake: FakeTelegramServer;
  /** Waits until the outbox holds `rows` rows, all sent; returns them. */
  sent(rows: number): Promise<Awaited<ReturnType<typeof outbox>>>;
}

/** A data folder, the fake server with chat 901 subscribed to everything, the dispatcher running. */
async function withRig<T>(work: (rig: Rig) => Promise<T>): Promise<T> {
  const temp = tempDir("dafu-bench-latency-");
  const folder = path.join(temp.dir, "replies");
  mkdirSync(folder);
  const dataDir = path.join(temp.dir, "data");
  const db = await openDataDirDatabase(dataDir);
  const fake = await FakeTelegramServer.start();
  fake.addChat({ id: 901, type: "private", first_name: "用户" });
  const dispatcher = createAlertDispatcher({
    db,
    senders: [createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }))],
    limiters: { telegram: createRateLimiter(TELEGRAM_LIMITS) },
  });
  const sent = async (rows: number) => {
    for (;;) {
      const all = await outbox(db);
      if (all.length === rows && all.every((r) => r.state === "sent" && r.sent_at !== null))
        return all;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    await subscribe(db, "901", "");
    dispatcher.start();
    return await work({ db, folder, dataDir, fake, sent });
  } finally {
    await dispatcher.stop();
    await fake.close();
    await db.destroy();
    temp.cleanup();
  }
}

const delay = (row: { sent_at: number | null; created_at: number }) =>
  (row.sent_at ?? row.created_at) - row.created_at;

const at = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;

/** Runs `ingests` CLI ingests of one new reply each and measures each alert's delay. */
export async function measureIngestToAlert(ingests = 5): Promise<IngestToAlert> {
  return withRig(async ({ folder, dataDir, sent }) => {
    const delays: number[] = [];
    for (let n = 1; n <= ingests; n++) {
      writeReply(folder, `r${n}.md`, topicReply(n, `测量主题${n}`));
      if ((await ingestProcess(folder, dataDir)) !== 0) throw new Error("ingest failed");
      const row = (await sent(n)).at(-1);
      if (row) delays.push(delay(row));
    }
    const sorted = [...delays].sort((a, b) => a - b);
    return { ingests, p50Ms: at(sorted, 0.5), p99Ms: at(sorted, 0.99), maxMs: sorted.at(-1) ?? 0 };
  });
}

/** Messages and delays of `replies` delivered rows. */
function batchFigures(
  replies: number,
  rows: readonly { message_key: string | null; sent_at: number | null; created_at: number }[],
  fake: FakeTelegramServer,
): BatchToAlert {
  return {
    replies,
    digests: new Set(rows.map((r) => r.message_key)).size,
    messages: fake.callsOf("sendMessage").filter((c) => c.ok).length,
    firstMs: delay(rows[0] ?? { sent_at: null, created_at: 0 }),
    lastMs: delay(rows.at(-1) ?? { sent_at: null, created_at: 0 }),
  };
}

/** One CLI ingest of `replies` new replies (one transaction each): messages received and delays. */
export async function measureBatchToAlert(replies = 5): Promise<BatchToAlert> {
  return withRig(async ({ folder, dataDir, fake, sent }) => {
    for (let n = 1; n <= replies; n++)
      writeReply(folder, `b${n}.md`, topicReply(n, `批量主题${n}`));
    if ((await ingestProcess(folder, dataDir)) !== 0) throw new Error("ingest failed");
    const rows = await sent(replies);
    return batchFigures(replies, rows, fake);
  });
}

/** `replies` new replies stored one per transaction, `spacingMs` apart, in this process. */
export async function measureTrickleToAlert(replies = 5, spacingMs = 500): Promise<BatchToAlert> {
  const gatherMs = Number(process.env.DAFU_ALERT_GATHER_MS ?? DEFAULT_GATHER_MS);
  return withRig(async ({ db, fake, sent }) => {
    for (let n = 1; n <= replies; n++) {
      if (n > 1) await new Promise((resolve) => setTimeout(resolve, spacingMs));
      const doc = parseReplyFile(`t${n}.md`, Buffer.from(topicReply(n, `陆续主题${n}`)));
      await storeReply(db, doc, { shown: `t${n}.md`, source: `t${n}.md`, gatherMs });
    }
    const rows = await sent(replies);
    return batchFigures(replies, rows, fake);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ingests: { type: "string", default: "20" },
      batch: { type: "string", default: "40" },
      trickle: { type: "string", default: "5" },
      spacing: { type: "string", default: "500" },
    },
  });
  const gather = process.env.DAFU_ALERT_GATHER_MS ?? "2000 (default)";
  console.log(`gather window ${gather} ms (0 in a count skips that part)`);
  if (Number(values.ingests) > 0) {
    const latency = await measureIngestToAlert(Number(values.ingests));
    console.log(`ingest to alert: ${latency.ingests} CLI ingests of one new reply`);
    console.log(
      `${"outbox commit → confirmed p50 / p99 / max".padEnd(42)} ${latency.p50Ms} / ${latency.p99Ms} / ${latency.maxMs} ms (target ≤ 10 s)`,
    );
  }
  if (Number(values.batch) > 0) {
    const batch = await measureBatchToAlert(Number(values.batch));
    console.log(`one CLI ingest of ${batch.replies} new replies, one chat subscribed to all`);
    console.log(
      `${"digests / messages / first row / last row".padEnd(42)} ${batch.digests} / ${batch.messages} / ${batch.firstMs} ms / ${batch.lastMs} ms`,
    );
  }
  if (Number(values.trickle) === 0) return;
  const trickle = await measureTrickleToAlert(Number(values.trickle), Number(values.spacing));
  console.log(
    `${trickle.replies} replies stored one by one, ${values.spacing} ms apart (watcher, poller)`,
  );
  console.log(
    `${"digests / messages / first row / last row".padEnd(42)} ${trickle.digests} / ${trickle.messages} / ${trickle.firstMs} ms / ${trickle.lastMs} ms`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

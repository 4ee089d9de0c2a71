import { mkdirSync } from "node:fs";
import path from "node:path";
import { Api } from "grammy";
import { createTelegramAlertSender } from "../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../src/alerts/alert-dispatcher.ts";
import { createRateLimiter, TELEGRAM_LIMITS } from "../src/alerts/rate-limiter.ts";
import { openDataDirDatabase } from "../src/storage/database.ts";
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
 * one new reply per ingest, one subscribed chat on the fake Telegram server.
 * Each figure is the time from the outbox row's commit (inside the ingest's
 * transaction) to the platform's confirmation being recorded.
 */

/** What {@link measureIngestToAlert} found, in milliseconds. */
export interface IngestToAlert {
  readonly ingests: number;
  readonly p50Ms: number;
  readonly maxMs: number;
}

/** Runs `ingests` CLI ingests of one new reply each and measures each alert's delay. */
export async function measureIngestToAlert(ingests = 5): Promise<IngestToAlert> {
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
  try {
    await subscribe(db, "901", "");
    dispatcher.start();
    const delays: number[] = [];
    for (let n = 1; n <= ingests; n++) {
      writeReply(folder, `r${n}.md`, topicReply(n, `测量主题${n}`));
      if ((await ingestProcess(folder, dataDir)) !== 0) throw new Error("ingest failed");
      for (;;) {
        const row = (await outbox(db)).at(-1);
        if (
          row &&
          row.state === "sent" &&
          row.sent_at !== null &&
          (await outbox(db)).length === n
        ) {
          delays.push(row.sent_at - row.created_at);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const sorted = [...delays].sort((a, b) => a - b);
    return {
      ingests,
      p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
      maxMs: sorted.at(-1) ?? 0,
    };
  } finally {
    await dispatcher.stop();
    await fake.close();
    await db.destroy();
    temp.cleanup();
  }
}

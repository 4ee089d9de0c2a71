/**
 * A dispatcher process for the crash-and-restart test: delivers the outbox of
 * DAFU_TEST_DB to the fake Telegram server at DAFU_TEST_API_ROOT until no row
 * is pending, then exits. The test kills it with SIGKILL mid fan-out.
 */
import { Api } from "grammy";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { createRateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { migrateToLatest, openDatabase } from "../../src/storage/database.ts";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} not set`);
  return value;
};

const db = openDatabase(env("DAFU_TEST_DB"));
await migrateToLatest(db);
const api = new Api(env("DAFU_TEST_TOKEN"), { apiRoot: env("DAFU_TEST_API_ROOT") });
const dispatcher = createAlertDispatcher({
  db,
  senders: [createTelegramAlertSender(api)],
  limiters: {
    telegram: createRateLimiter({
      perSecond: Number(env("DAFU_TEST_RATE")),
      perChatIntervalMs: 0,
      perGroupPerMinute: null,
    }),
  },
  leaseMs: Number(env("DAFU_TEST_LEASE_MS")),
  concurrency: Number(env("DAFU_TEST_CONCURRENCY")),
  batchSize: 100,
  pollMs: 100,
});
dispatcher.start();
process.stdout.write("started\n");
const pending = async () => {
  const row = await db
    .withTables<AlertTables>()
    .selectFrom("alert_outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("state", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
};
while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
await dispatcher.stop();
await db.destroy();
process.stdout.write(`done ${JSON.stringify(dispatcher.stats.rowsSent)}\n`);

import { mkdirSync } from "node:fs";
import path from "node:path";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { type AlertDispatcher, createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { type ChatSettings, saveChatSettings } from "../../src/alerts/alert-schedule.ts";
import { createRateLimiter, TELEGRAM_LIMITS } from "../../src/alerts/rate-limiter.ts";
import { parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { addSubscription } from "../../src/storage/subscription.repository.ts";
import { type ApiCall, FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";

/**
 * Quiet hours, the daily digest and silent delivery, end to end: replies are
 * ingested through the app (the one write path that enqueues alerts), the
 * bot's dispatcher runs round by round on a clock the test moves forward,
 * and the fake Telegram server records what reached each chat.
 *
 * The zone is Asia/Tokyo (UTC+9 all year, not the default zone), so the
 * test can place wall-clock times by plain arithmetic and a dispatcher that
 * read them in another zone would send at the wrong hour.
 */

const ZONE = "Asia/Tokyo";
const ZONE_OFFSET_MIN = 9 * 60;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/replies");
const REPLY_A = { file: "r03-joint-signature.txt", docNumber: "岳教复〔2023〕15号" };
const REPLY_B = { file: "r07-flattened-page.txt", docNumber: "赣市环建复〔2023〕9号" };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Minute of the day on Tokyo's wall clock at `at`. */
const tokyoMinute = (at: number) => (Math.floor(at / MINUTE) + ZONE_OFFSET_MIN) % 1440;

interface Bench {
  readonly app: App;
  readonly fake: FakeTelegramServer;
  readonly dispatcher: AlertDispatcher;
  /** The dispatcher's clock (epoch ms); the test moves it. */
  clock: number;
  /** Ingests one fixture reply now (as an operator's `ingest` would). */
  ingest(file: string): Promise<void>;
  /** Subscribes the chat to everything and applies its settings, as /subscribe and /settings do. */
  chat(id: number, settings?: Partial<ChatSettings>): Promise<void>;
  /** The chat's confirmed sendMessage calls. */
  sends(id: number): ApiCall[];
}

async function bench(): Promise<Bench> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const corpus = path.join(dir, "corpus");
  mkdirSync(corpus);
  const config = loadConfig({
    DAFU_DATA_DIR: path.join(dir, "data"),
    DAFU_CORPUS_DIR: corpus,
    DAFU_LOG_LEVEL: "silent",
    DAFU_TIMEZONE: ZONE,
    // Gather window off: these tests place quiet hours and digest hours; an instant alert is due at its ingest.
    DAFU_ALERT_GATHER_MS: "0",
  });
  expect(config.timeZone).toBe(ZONE);
  const app = await openApp(config, { follow: false });
  cleanups.push(() => app.close());
  const fake = await FakeTelegramServer.start();
  cleanups.push(() => fake.close());
  const b: Bench = {
    app,
    fake,
    clock: Date.now(),
    dispatcher: createAlertDispatcher({
      db: app.db,
      senders: [createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }))],
      limiters: { telegram: createRateLimiter(TELEGRAM_LIMITS) },
      now: () => b.clock,
    }),
    async ingest(file) {
      const report = await app.ingest([path.join(FIXTURES, file)]);
      expect(report.added).toBe(1);
    },
    async chat(id, settings) {
      fake.addChat({ id, type: "private", first_name: "用户" });
      await addSubscription(app.db, {
        platform: "telegram",
        chatId: String(id),
        threadId: null,
        filterText: "",
        filter: parseSubscriptionFilter(""),
        createdBy: null,
      });
      if (settings) await saveChatSettings(app.db, "telegram", String(id), settings);
    },
    sends: (id) => fake.callsOf("sendMessage").filter((c) => c.ok && c.payload.chat_id === id),
  };
  cleanups.push(() => b.dispatcher.stop());
  return b;
}

/** Moves the clock to `at` and runs dispatcher rounds until one settles nothing. */
async function runAt(b: Bench, at: number): Promise<void> {
  b.clock = at;
  for (let round = 0; round < 10; round++) {
    if ((await b.dispatcher.runOnce()) === 0) return;
  }
  throw new Error("the dispatcher kept settling rows");
}

const textOf = (call: ApiCall | undefined) => String(call?.payload.text);

describe("quiet hours against the fake Telegram server", () => {
  it("holds an alert while the chat is quiet and sends it once the quiet hours end", async () => {
    const b = await bench();
    const start = b.clock;
    const now = tokyoMinute(start);
    // Quiet from an hour ago until two hours from now (Tokyo time; may wrap midnight).
    const quietEndAt = start - (start % MINUTE) + 2 * HOUR;
    await b.chat(901, { quietStart: (now + 1440 - 60) % 1440, quietEnd: (now + 120) % 1440 });
    await b.chat(902);
    await b.ingest(REPLY_A.file);

    await runAt(b, Date.now() + 1000);
    expect(b.sends(902)).toHaveLength(1);
    expect(b.sends(901)).toEqual([]);
    await runAt(b, start + HOUR);
    await runAt(b, quietEndAt - MINUTE);
    expect(b.sends(901)).toEqual([]);

    await runAt(b, quietEndAt + 1000);
    expect(b.sends(901)).toHaveLength(1);
    expect(textOf(b.sends(901)[0])).toContain(REPLY_A.docNumber);
    expect(textOf(b.sends(901)[0])).not.toContain("每日订阅摘要");
    await runAt(b, quietEndAt + HOUR);
    expect(b.sends(901)).toHaveLength(1);
    expect(b.sends(902)).toHaveLength(1);
  }, 60_000);
});

describe("the daily digest and silent delivery against the fake Telegram server", () => {
  it("sends a digest chat nothing before its hour, then one silent 每日订阅摘要 of every reply", async () => {
    const b = await bench();
    const start = b.clock;
    // The top of the Tokyo hour two hours from now (Tokyo is a whole number of hours off UTC).
    const digestAt = start - (start % HOUR) + 2 * HOUR;
    const digestHour = Math.floor(tokyoMinute(digestAt) / 60);
    await b.chat(911, { delivery: "digest", digestHour, silent: true });
    await b.chat(912);

    await b.ingest(REPLY_A.file);
    await runAt(b, Date.now() + 1000);
    expect(b.sends(912)).toHaveLength(1);
    expect(b.sends(912)[0]?.payload.disable_notification).toBeUndefined();
    expect(b.sends(911)).toEqual([]);

    await b.ingest(REPLY_B.file);
    await runAt(b, start + HOUR);
    expect(b.sends(912)).toHaveLength(2);
    await runAt(b, digestAt - MINUTE);
    expect(b.sends(911)).toEqual([]);

    await runAt(b, digestAt + 1000);
    const digest = b.sends(911);
    expect(digest).toHaveLength(1);
    expect(textOf(digest[0])).toContain("每日订阅摘要");
    for (const reply of [REPLY_A, REPLY_B]) {
      expect(textOf(digest[0]).split(reply.docNumber)).toHaveLength(2);
    }
    expect(digest[0]?.payload.disable_notification).toBe(true);
    await runAt(b, digestAt + HOUR);
    expect(b.sends(911)).toHaveLength(1);
    expect(b.sends(912)).toHaveLength(2);
  }, 60_000);
});

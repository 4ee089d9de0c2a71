import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { createFeishuAlertSender } from "../adapters/feishu/alert-sender.ts";
import { createOpenApi } from "../adapters/feishu/open-api.ts";
import { createTelegramAlertSender } from "../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../src/alerts/alert-dispatcher.ts";
import type { AlertSender } from "../src/alerts/alert-types.ts";
import {
  createRateLimiter,
  FEISHU_LIMITS,
  type RateLimits,
  TELEGRAM_LIMITS,
} from "../src/alerts/rate-limiter.ts";
import { createLogger } from "../src/logger.ts";
import type { AlertTables } from "../src/storage/alert-tables.ts";
import { type Database, migrateToLatest, openDatabase } from "../src/storage/database.ts";
import { seedOutbox, storeSample } from "../test/alerts/delivery-fixture.ts";
import { FAKE_APP, FakeFeishuServer } from "../test/fakes/feishu-open-api.ts";
import {
  FEISHU_ENFORCED,
  feishuRateGate,
  PlatformRateLimits,
  TELEGRAM_ENFORCED,
  telegramRateGate,
} from "../test/fakes/platform-rate-limits.ts";
import { FakeTelegramServer } from "../test/fakes/telegram-api-server.ts";
import { tempDir } from "../test/helpers/corpus.ts";
import { measureBatchToAlert, measureIngestToAlert } from "./alert-latency.ts";
import { measureAlertMatching } from "./alert-matching.ts";

/**
 * Alert fan-out figure: one new reply for N subscribed chats, delivered by the
 * dispatcher through the real Telegram (grammY) and Feishu (Lark SDK) alert
 * senders to the fake servers over HTTP, with the platforms' documented
 * limits enforced by the fakes. Reports delivered/s as a share of what the
 * limits allow, 429s received, duplicates and losses, and the crash window
 * (from the platform's confirmation to the commit that records it). Then the
 * matching cost: 100,000 subscriptions against one new reply.
 *
 * Run: `npm run bench:alerts -- [--chats 10000] [--platform telegram|feishu|both]
 * [--subscriptions 100000]`. 10,000 chats take ~6 min on Telegram (30/s) and
 * ~10 min on Feishu (1000/min).
 */

const { values } = parseArgs({
  options: {
    chats: { type: "string", default: "10000" },
    platform: { type: "string", default: "both" },
    subscriptions: { type: "string", default: "100000" },
  },
});
const CHATS = Number(values.chats);

interface FanOutFigures {
  readonly platform: string;
  readonly chats: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** What the limits allow over this run, per second. */
  readonly allowedPerSecond: number;
  readonly refused: number;
  /** Refusals by the limit that refused: overall/minute/chat/group. */
  readonly refusedBy: string;
  readonly duplicates: number;
  readonly absorbedByUuid: number;
  readonly lost: number;
  readonly windowMs: { p50: number; p99: number; max: number };
}

/** One confirmed message as the fake saw it. */
interface Confirmed {
  readonly chatId: string;
  readonly at: number;
}

interface Platform {
  readonly name: string;
  readonly sender: AlertSender;
  readonly limits: RateLimits;
  readonly enforced: PlatformRateLimits;
  readonly chatIds: readonly string[];
  confirmed(): Confirmed[];
  /** Sends the fake absorbed as repeats of a uuid (Feishu). */
  absorbed(): number;
  close(): Promise<void>;
}

async function telegram(): Promise<Platform> {
  const fake = await FakeTelegramServer.start();
  const enforced = new PlatformRateLimits(TELEGRAM_ENFORCED);
  fake.gate = telegramRateGate(enforced);
  // Four in five private chats, one in five supergroups.
  const chatIds = Array.from({ length: CHATS }, (_, i) =>
    i % 5 === 4 ? String(-1_000_000_000_000 - i) : String(10_000_000 + i),
  );
  for (const id of chatIds)
    fake.addChat(
      Number(id) < 0
        ? { id: Number(id), type: "supergroup", title: `群${i(id)}` }
        : { id: Number(id), type: "private", first_name: `用户${i(id)}` },
    );
  const api = new Api(fake.token, { apiRoot: fake.apiRoot });
  return {
    name: "telegram",
    sender: createTelegramAlertSender(api),
    limits: TELEGRAM_LIMITS,
    enforced,
    chatIds,
    confirmed: () =>
      fake
        .callsOf("sendMessage")
        .filter((c) => c.ok)
        .map((c) => ({ chatId: String(c.payload.chat_id), at: c.at })),
    absorbed: () => 0,
    close: () => fake.close(),
  };
}

const i = (id: string) => id.slice(-5);

async function feishu(): Promise<Platform> {
  const fake = await FakeFeishuServer.start();
  const enforced = new PlatformRateLimits(FEISHU_ENFORCED);
  fake.gate = feishuRateGate(enforced);
  const chatIds = Array.from({ length: CHATS }, (_, n) => `oc_bench${String(n).padStart(8, "0")}`);
  const api = createOpenApi({
    config: {
      appId: FAKE_APP.appId,
      appSecret: FAKE_APP.appSecret,
      mode: "ws",
      domain: fake.domain,
      encryptKey: null,
      webhookPath: "/feishu/events",
    },
    log: createLogger("error"),
  });
  return {
    name: "feishu",
    sender: createFeishuAlertSender(api),
    limits: FEISHU_LIMITS,
    enforced,
    chatIds,
    confirmed: () => fake.sends().map((c) => ({ chatId: String(c.body.receive_id), at: c.at })),
    absorbed: () => fake.calls.filter((c) => c.deduped).length,
    close: () => fake.close(),
  };
}

/** The least time the limits allow for `n` messages, in seconds. */
function leastSeconds(n: number, limits: RateLimits): number {
  const gaps = n - 1;
  const bySecond = gaps / limits.perSecond;
  if (!limits.perMinute) return bySecond;
  const fullMinutes = Math.floor(gaps / limits.perMinute);
  return Math.max(bySecond, fullMinutes * 60 + (gaps % limits.perMinute) / limits.perSecond);
}

async function fanOut(db: Database, platform: Platform): Promise<FanOutFigures> {
  const replyId = await storeSample(db, { docNumber: `示例复〔2025〕${platform.name.length}号` });
  await seedOutbox(db, { replyId, chats: platform.chatIds, platform: platform.name });
  const committed = new Map<string, number>();
  const dispatcher = createAlertDispatcher({
    db,
    senders: [platform.sender],
    limiters: { [platform.name]: createRateLimiter(platform.limits) },
    onRecorded: (chatId, _ids, at) => committed.set(chatId, at),
  });
  dispatcher.start();
  const progress = setInterval(
    () => console.error(`  ${platform.name}: ${committed.size}/${CHATS} delivered`),
    10_000,
  );
  while ((await pending(db, platform.name)) > 0) await new Promise((r) => setTimeout(r, 200));
  clearInterval(progress);
  await dispatcher.stop();
  const confirmed = platform.confirmed();
  const perChat = new Map<string, number>();
  for (const c of confirmed) perChat.set(c.chatId, (perChat.get(c.chatId) ?? 0) + 1);
  const first = Math.min(...confirmed.map((c) => c.at));
  const last = Math.max(...confirmed.map((c) => c.at));
  const seconds = (last - first) / 1000;
  const windows = confirmed
    .map((c) => (committed.get(c.chatId) ?? Number.NaN) - c.at)
    .filter((ms) => Number.isFinite(ms));
  return {
    platform: platform.name,
    chats: CHATS,
    seconds,
    perSecond: (confirmed.length - 1) / seconds,
    allowedPerSecond: (CHATS - 1) / leastSeconds(CHATS, platform.limits),
    refused: platform.enforced.refusedTotal,
    refusedBy: Object.entries(platform.enforced.refused)
      .map(([scope, n]) => `${scope} ${n}`)
      .join(", "),
    duplicates: [...perChat.values()].filter((n) => n > 1).length,
    absorbedByUuid: platform.absorbed(),
    lost: platform.chatIds.filter((id) => !perChat.has(id)).length,
    windowMs: {
      p50: percentile(windows, 0.5),
      p99: percentile(windows, 0.99),
      max: percentile(windows, 1),
    },
  };
}

async function pending(db: Database, platform: string): Promise<number> {
  const row = await db
    .withTables<AlertTables>()
    .selectFrom("alert_outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("state", "=", "pending")
    .where("platform", "=", platform)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return Math.round((sorted[at] ?? 0) * 100) / 100;
}

function report(f: FanOutFigures): void {
  const line = (label: string, value: string) => console.log(`${label.padEnd(36)} ${value}`);
  const share = (100 * f.perSecond) / f.allowedPerSecond;
  console.log(`\n${f.platform}: one reply to ${f.chats} chats`);
  line("delivered in", `${f.seconds.toFixed(1)} s`);
  line(
    "delivered/s (share of the limit)",
    `${f.perSecond.toFixed(2)}/s of ${f.allowedPerSecond.toFixed(2)}/s = ${share.toFixed(1)}% (target ≥ 90%)`,
  );
  line("429s / limit refusals received", `${f.refused} (target 0; ${f.refusedBy})`);
  line("duplicates / lost", `${f.duplicates} / ${f.lost} (target 0 / 0)`);
  if (f.platform === "feishu") line("repeats absorbed by uuid", String(f.absorbedByUuid));
  line(
    "crash window p50 / p99 / max",
    `${f.windowMs.p50} / ${f.windowMs.p99} / ${f.windowMs.max} ms (platform confirmed → markSent committed)`,
  );
}

async function main(): Promise<void> {
  const temp = tempDir("dafu-bench-alerts-");
  const wanted = values.platform === "both" ? ["telegram", "feishu"] : [values.platform];
  try {
    for (const name of wanted) {
      const db = openDatabase(`${temp.dir}/${name}.sqlite`);
      await migrateToLatest(db);
      const platform = name === "feishu" ? await feishu() : await telegram();
      const est = leastSeconds(CHATS, platform.limits);
      console.error(
        `${name}: ${CHATS} chats, at least ${est.toFixed(0)} s at the platform's limits`,
      );
      try {
        report(await fanOut(db, platform));
      } finally {
        await platform.close();
        await db.destroy();
      }
    }
    const latency = await measureIngestToAlert(5);
    console.log(
      `\ningest to alert: ${latency.ingests} CLI ingests in another process, dispatcher at its default poll`,
    );
    console.log(
      `${"outbox commit → confirmed p50 / max".padEnd(36)} ${latency.p50Ms} ms / ${latency.maxMs} ms (target ≤ 10 s; gather window DAFU_ALERT_GATHER_MS ${process.env.DAFU_ALERT_GATHER_MS ?? "2000"} ms)`,
    );
    const batch = await measureBatchToAlert(5);
    console.log(
      `${"5 replies in one ingest: digests".padEnd(36)} ${batch.digests} in ${batch.messages} message(s) (first row ${batch.firstMs} ms, last ${batch.lastMs} ms)`,
    );
    const started = performance.now();
    const matching = await measureAlertMatching({ subscriptions: Number(values.subscriptions) });
    console.log(`\nmatching: ${matching.subscriptions} subscriptions against one new reply`);
    console.log(
      `${"match per reply p50 / p99".padEnd(36)} ${matching.p50Ms} ms / ${matching.p99Ms} ms (target ≤ 50 ms; ${matching.replies} replies, ${matching.distinctFilters} distinct filters, ${((performance.now() - started) / 1000).toFixed(0)} s with set-up)`,
    );
    console.log(
      `${"load average (1 min) / CPUs".padEnd(36)} ${loadavg()[0]?.toFixed(1)} / ${availableParallelism()}`,
    );
  } finally {
    temp.cleanup();
  }
}

await main();

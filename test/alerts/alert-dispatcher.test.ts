import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AlertDispatcherOptions,
  createAlertDispatcher,
  MAX_REFUSED_ATTEMPTS,
} from "../../src/alerts/alert-dispatcher.ts";
import type { AlertSender } from "../../src/alerts/alert-types.ts";
import { createRateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { Logger } from "../../src/logger.ts";
import {
  claimDue,
  platformPausedUntil,
  reactivatePaused,
} from "../../src/storage/alert-outbox.repository.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { tempDir } from "../helpers/corpus.ts";
import {
  outboxRows,
  scriptedSender,
  seedOutbox,
  storeSample,
  subscriptionRows,
} from "./delivery-fixture.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openDb(file = ":memory:"): Promise<Database> {
  const db = openDatabase(file);
  await migrateToLatest(db);
  cleanups.push(() => db.destroy());
  return db;
}

/** A pacer that never makes a test wait. */
const fast = () =>
  createRateLimiter({ perSecond: 100_000, perChatIntervalMs: 0, perGroupPerMinute: null });

/** A dispatcher over `db` sending through `sender`, on a clock the test moves (`clock.now += ms`). */
function clockedDispatcher(
  db: Database,
  sender: AlertSender,
  more: Partial<AlertDispatcherOptions> = {},
) {
  const clock = { now: Date.now() };
  const dispatcher = createAlertDispatcher({
    db,
    senders: [sender],
    now: () => clock.now,
    limiters: { telegram: fast() },
    ...more,
  });
  return { dispatcher, clock };
}

const chats = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

describe("alert dispatcher", () => {
  it("two dispatchers on two handles of one file never send a row twice", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, "dafu.sqlite");
    const a = await openDb(file);
    const b = await openDb(file);
    const replyId = await storeSample(a);
    await seedOutbox(a, { replyId, chats: chats(300) });
    const senderA = scriptedSender();
    const senderB = scriptedSender();
    const options = { batchSize: 20, limiters: { telegram: fast() } };
    const one = createAlertDispatcher({ db: a, senders: [senderA], ...options });
    const two = createAlertDispatcher({ db: b, senders: [senderB], ...options });
    // Interleaved rounds, both claiming from the same due rows.
    for (let round = 0; round < 40; round++) await Promise.all([one.runOnce(), two.runOnce()]);
    const sent = [...senderA.seen, ...senderB.seen].map((s) => s.target.chatId);
    expect(sent).toHaveLength(300);
    expect(new Set(sent).size).toBe(300);
    expect(senderA.seen.length).toBeGreaterThan(0);
    expect(senderB.seen.length).toBeGreaterThan(0);
    expect((await outboxRows(a)).every((r) => r.state === "sent" && r.message_id)).toBe(true);
  });

  it("two running dispatchers topping up their batches still send each row once", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, "dafu.sqlite");
    const [a, b] = [await openDb(file), await openDb(file)];
    const replyId = await storeSample(a);
    await seedOutbox(a, { replyId, chats: chats(300) });
    const senders = [scriptedSender(), scriptedSender()];
    const dispatchers = [a, b].map((db, n) =>
      createAlertDispatcher({
        db,
        senders: [senders[n] as ReturnType<typeof scriptedSender>],
        batchSize: 16,
        concurrency: 4,
        pollMs: 10,
        limiters: { telegram: fast() },
      }),
    );
    for (const d of dispatchers) d.start();
    while ((await outboxRows(a)).some((r) => r.state !== "sent"))
      await new Promise((r) => setTimeout(r, 20));
    await Promise.all(dispatchers.map((d) => d.stop()));
    const sent = senders.flatMap((s) => s.seen.map((x) => x.target.chatId));
    expect(sent).toHaveLength(300);
    expect(new Set(sent).size).toBe(300);
  });

  it("takes a row again once another worker's claim has lapsed", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["1"] });
    const start = Date.now();
    const held = await claimDue(db, {
      workerId: "crashed",
      platform: "telegram",
      limit: 10,
      leaseMs: 60_000,
      now: start,
    });
    expect(held).toHaveLength(1);
    const sender = scriptedSender();
    let clock = start + 1000;
    const dispatcher = createAlertDispatcher({
      db,
      senders: [sender],
      now: () => clock,
      limiters: { telegram: fast() },
    });
    expect(await dispatcher.runOnce()).toBe(0);
    clock = start + 61_000;
    expect(await dispatcher.runOnce()).toBe(1);
    expect(sender.seen).toHaveLength(1);
    expect((await outboxRows(db))[0]?.state).toBe("sent");
  });

  it("pauses the platform for every worker on a 429 and sends nothing more until then", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: chats(5) });
    const sender = scriptedSender("telegram", {
      "2": [{ kind: "rate_limited", retryAfterMs: 30_000 }],
    });
    const dispatcher = createAlertDispatcher({
      db,
      senders: [sender],
      concurrency: 1,
      limiters: { telegram: fast() },
    });
    await dispatcher.runOnce();
    expect(sender.seen.map((s) => s.target.chatId)).toEqual(["1", "2"]);
    const until = await platformPausedUntil(db, "telegram");
    expect(until).toBeGreaterThan(Date.now() + 20_000);
    const rows = await outboxRows(db);
    expect(rows.filter((r) => r.state === "pending")).toHaveLength(4);
    expect(rows.filter((r) => r.state === "pending").every((r) => r.due_at === until)).toBe(true);
    expect(rows.every((r) => r.claimed_by === null)).toBe(true);
    const other = createAlertDispatcher({ db, senders: [sender], limiters: { telegram: fast() } });
    expect(await other.runOnce()).toBe(0);
    // Once the pause is over, the rest goes out.
    const later = createAlertDispatcher({
      db,
      senders: [sender],
      now: () => (until as number) + 1,
      limiters: { telegram: fast() },
    });
    expect(await later.runOnce()).toBe(4);
    expect((await outboxRows(db)).every((r) => r.state === "sent")).toBe(true);
  });

  it("sends several new replies for one chat as one digest message", async () => {
    const db = await openDb();
    const first = await storeSample(db);
    const second = await storeSample(db, { docNumber: "示例复〔2025〕8号", proposalNumber: "13" });
    await seedOutbox(db, { replyId: first, chats: ["1", "2"] });
    await seedOutbox(db, { replyId: second, chats: ["1"] });
    await db
      .withTables<AlertTables>()
      .insertInto("chat_settings")
      .values({
        platform: "telegram",
        chat_id: "2",
        delivery: "digest",
        digest_hour: 8,
        quiet_start: null,
        quiet_end: null,
        silent: 1,
        updated_at: 0,
      })
      .execute();
    const sender = scriptedSender();
    await createAlertDispatcher({
      db,
      senders: [sender],
      limiters: { telegram: fast() },
    }).runOnce();
    expect(sender.seen).toHaveLength(2);
    const one = sender.seen.find((s) => s.target.chatId === "1");
    const two = sender.seen.find((s) => s.target.chatId === "2");
    expect(one?.message.items.map((i) => i.label)).toEqual([
      "示例复〔2025〕7号",
      "示例复〔2025〕8号",
    ]);
    expect(one?.message.dailyDigest).toBe(false);
    expect(two?.message.items).toHaveLength(1);
    expect(two?.message.dailyDigest).toBe(true);
    expect(two?.target.silent).toBe(true);
    expect(one?.target.key).not.toBe(two?.target.key);
  });

  it("builds items with the reply's facts, the matched section and an excerpt", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, {
      replyId,
      chats: ["1"],
      filter: "错车道",
      keywords: ["错车道"],
      revised: true,
    });
    const sender = scriptedSender();
    await createAlertDispatcher({
      db,
      senders: [sender],
      limiters: { telegram: fast() },
    }).runOnce();
    const item = sender.seen[0]?.message.items[0];
    expect(item).toMatchObject({
      label: "示例复〔2025〕7号",
      place: "示例县",
      issuer: "示例县交通运输局",
      date: "2025-05-20",
      section: "公路养护",
      revised: true,
      changes: ["办理结果：B类 → A类"],
    });
    expect(item?.result).toContain("A");
    expect(item?.excerpt).toContain("错车道");
    expect(item?.subscriptions[0]?.filter).toBe("错车道");
  });

  it("deactivates a blocked chat's subscriptions and fails its rows, with the reason", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["1", "2"] });
    const sender = scriptedSender("telegram", {
      "1": [{ kind: "undeliverable", reason: "blocked", pause: false, detail: "bot was blocked" }],
    });
    await createAlertDispatcher({
      db,
      senders: [sender],
      limiters: { telegram: fast() },
    }).runOnce();
    const rows = await outboxRows(db);
    expect(rows.map((r) => [r.chat_id, r.state, r.last_error])).toEqual([
      ["1", "failed", "blocked"],
      ["2", "sent", null],
    ]);
    const subs = await subscriptionRows(db);
    expect(subs.map((s) => [s.chat_id, s.status, s.status_reason])).toEqual([
      ["1", "inactive", "blocked"],
      ["2", "active", null],
    ]);
  });

  it("holds a Feishu chat whose bot was removed and delivers once the bot is back", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["oc_1"], platform: "feishu" });
    const sender = scriptedSender("feishu", {
      oc_1: [{ kind: "undeliverable", reason: "bot_removed", pause: true, detail: "230002" }],
    });
    const dispatcher = createAlertDispatcher({
      db,
      senders: [sender],
      limiters: { feishu: fast() },
    });
    await dispatcher.runOnce();
    expect((await subscriptionRows(db))[0]?.status).toBe("paused");
    expect((await outboxRows(db))[0]).toMatchObject({
      state: "pending",
      last_error: "bot_removed",
    });
    expect(await dispatcher.runOnce()).toBe(0);
    expect(await reactivatePaused(db, "feishu", "oc_1")).toBe(1);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(sender.seen).toHaveLength(2);
    expect(sender.seen[0]?.target.key).toBe(sender.seen[1]?.target.key);
    expect((await outboxRows(db))[0]?.state).toBe("sent");
    expect((await subscriptionRows(db))[0]?.status).toBe("active");
  });

  it("moves a migrated group to its new id and sends there", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["-100"] });
    const sender = scriptedSender("telegram", {
      "-100": [{ kind: "migrated", newChatId: "-100999" }],
    });
    await createAlertDispatcher({
      db,
      senders: [sender],
      limiters: { telegram: fast() },
    }).runOnce();
    expect(sender.seen.map((s) => s.target.chatId)).toEqual(["-100", "-100999"]);
    expect((await outboxRows(db))[0]).toMatchObject({ chat_id: "-100999", state: "sent" });
    expect((await subscriptionRows(db))[0]?.chat_id).toBe("-100999");
  });

  it("retries a transient failure later with the same key", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["1"] });
    const sender = scriptedSender("telegram", { "1": [{ kind: "transient", error: "502" }] });
    const start = Date.now();
    let clock = start;
    const dispatcher = createAlertDispatcher({
      db,
      senders: [sender],
      now: () => clock,
      limiters: { telegram: fast() },
    });
    await dispatcher.runOnce();
    const row = (await outboxRows(db))[0];
    expect(row).toMatchObject({ state: "pending", attempts: 1, last_error: "502" });
    expect(row?.due_at).toBeGreaterThan(start);
    expect(await dispatcher.runOnce()).toBe(0);
    clock = (row?.due_at ?? 0) + 1;
    await dispatcher.runOnce();
    expect(sender.seen.map((s) => s.target.key)).toEqual([row?.send_key, row?.send_key]);
    expect((await outboxRows(db))[0]?.state).toBe("sent");
  });

  it("delivers what start() finds, and stop() ends the loop", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    const sender = scriptedSender();
    const dispatcher = createAlertDispatcher({
      db,
      senders: [sender],
      pollMs: 20,
      limiters: { telegram: fast() },
    });
    dispatcher.start();
    await seedOutbox(db, { replyId, chats: chats(3) });
    dispatcher.poke();
    while ((await outboxRows(db)).some((r) => r.state !== "sent"))
      await new Promise((r) => setTimeout(r, 10));
    await dispatcher.stop();
    expect(sender.seen).toHaveLength(3);
    expect(dispatcher.stats.rowsSent).toBe(3);
  });

  it("fails a message the platform keeps refusing after a bounded number of attempts, keeping the subscription", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["1", "2"] });
    const refusal = { kind: "rejected", error: "400: Bad Request: can't parse entities" } as const;
    const sender = scriptedSender("telegram", {
      "1": Array.from({ length: MAX_REFUSED_ATTEMPTS + 3 }, () => refusal),
    });
    const log = recordingLog();
    const { dispatcher, clock } = clockedDispatcher(db, sender, { log });
    for (let round = 0; round < MAX_REFUSED_ATTEMPTS + 3; round++) {
      await dispatcher.runOnce();
      clock.now += 4 * 3600_000;
    }
    const tries = sender.seen.filter((s) => s.target.chatId === "1");
    expect(tries).toHaveLength(MAX_REFUSED_ATTEMPTS);
    const [refused, other] = await outboxRows(db);
    expect(refused).toMatchObject({ state: "failed" });
    expect(refused?.last_error).toContain("can't parse entities");
    expect(other?.state).toBe("sent");
    expect((await subscriptionRows(db)).map((s) => s.status)).toEqual(["active", "active"]);
    expect(log.lines.some((l) => l.level === "error" && /refused/.test(l.message))).toBe(true);
  });

  it("sends a retried digest as the same message under the same key, a newer row apart", async () => {
    const db = await openDb();
    const first = await storeSample(db, { docNumber: "示例复〔2025〕1号" });
    const second = await storeSample(db, { docNumber: "示例复〔2025〕2号" });
    await seedOutbox(db, { replyId: first, chats: ["1"] });
    await seedOutbox(db, { replyId: second, chats: ["1"] });
    const sender = scriptedSender("telegram", { "1": [{ kind: "transient", error: "timeout" }] });
    const { dispatcher, clock } = clockedDispatcher(db, sender);
    await dispatcher.runOnce();
    const third = await storeSample(db, { docNumber: "示例复〔2025〕3号" });
    await seedOutbox(db, { replyId: third, chats: ["1"], dueAt: clock.now - 1 });
    clock.now += 4 * 3600_000;
    await dispatcher.runOnce();
    const [failed, ...retried] = sender.seen;
    const items = (n: number) => retried.find((s) => s.message.items.length === n);
    expect(retried).toHaveLength(2);
    expect(items(2)?.target.key).toBe(failed?.target.key);
    expect(items(2)?.message.items.map((i) => i.replyId)).toEqual([first, second]);
    expect(items(1)?.message.items.map((i) => i.replyId)).toEqual([third]);
    expect(items(1)?.target.key).not.toBe(failed?.target.key);
    expect((await outboxRows(db)).every((r) => r.state === "sent")).toBe(true);
  });

  it("claims the whole of a message sent before, even past the claim's limit", async () => {
    const db = await openDb();
    const replyIds: number[] = [];
    for (const n of [1, 2, 3])
      replyIds.push(await storeSample(db, { docNumber: `示例复〔2025〕${n}号` }));
    for (const replyId of replyIds) await seedOutbox(db, { replyId, chats: ["1"] });
    const sender = scriptedSender("telegram", { "1": [{ kind: "transient", error: "timeout" }] });
    const { dispatcher, clock } = clockedDispatcher(db, sender);
    await dispatcher.runOnce();
    clock.now += 4 * 3600_000;
    const held = await claimDue(db, {
      workerId: "w",
      platform: "telegram",
      limit: 1,
      leaseMs: 60_000,
      now: clock.now,
    });
    expect(held).toHaveLength(3);
    expect(new Set(held.map((r) => r.messageKey))).toEqual(new Set([sender.seen[0]?.target.key]));
  });

  it("tries again to record a confirmed send, and never sends it twice when recording failed", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["1"] });
    await sql`create trigger fail_sent before update of state on alert_outbox
      when new.state = 'sent' begin select raise(abort, 'disk I/O error'); end`.execute(db);
    const sender = scriptedSender();
    const log = recordingLog();
    const { dispatcher, clock } = clockedDispatcher(db, sender, { log, recordRetryMs: 1 });
    await dispatcher.runOnce();
    expect((await outboxRows(db))[0]?.state).toBe("pending");
    expect(log.lines.filter((l) => l.level === "warn" && /recording/.test(l.message))).toHaveLength(
      4,
    );
    expect(log.lines.some((l) => l.level === "error" && /not recorded/.test(l.message))).toBe(true);
    await sql`drop trigger fail_sent`.execute(db);
    // The lease lapses and the row comes back: recorded with the first message's id, not sent again.
    clock.now += 120_000;
    await dispatcher.runOnce();
    expect(sender.seen).toHaveLength(1);
    expect((await outboxRows(db))[0]).toMatchObject({ state: "sent", message_id: "1" });
  });

  it("records a confirmed send once a failed write succeeds on a later try", async () => {
    const db = await openDb();
    const replyId = await storeSample(db);
    await seedOutbox(db, { replyId, chats: ["1"] });
    await sql`create trigger fail_sent before update of state on alert_outbox
      when new.state = 'sent' begin select raise(abort, 'disk I/O error'); end`.execute(db);
    const log = recordingLog(() => void sql`drop trigger if exists fail_sent`.execute(db));
    const sender = scriptedSender();
    const dispatcher = createAlertDispatcher({
      db,
      senders: [sender],
      log,
      recordRetryMs: 1,
      limiters: { telegram: fast() },
    });
    await dispatcher.runOnce();
    expect((await outboxRows(db))[0]?.state).toBe("sent");
    expect(dispatcher.stats.rowsSent).toBe(1);
    expect(log.lines.some((l) => l.level === "warn" && /recording/.test(l.message))).toBe(true);
  });
});

/** A logger that keeps its lines; `onWarn` runs at each warning. */
function recordingLog(onWarn?: () => void) {
  const lines: { level: string; message: string }[] = [];
  const at =
    (level: string) =>
    (message: string): void => {
      lines.push({ level, message });
      if (level === "warn") onWarn?.();
    };
  const log: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
  return Object.assign(log, { lines });
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { createRateLimiter } from "../../src/alerts/rate-limiter.ts";
import {
  createSendProgressStore,
  type SendProgressTables,
} from "../../src/storage/alert-send-progress.repository.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { outboxRows, seedOutbox, storeSample } from "../alerts/delivery-fixture.ts";
import { type ApiCall, FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";
import { alertItem, alertMessage, alertTarget } from "./alert-fixtures.ts";

/**
 * A digest split into several Telegram messages keeps its confirmed parts in
 * the database: a retry by a new process (a restart) sends only the parts
 * not yet confirmed, each once.
 */

const GROUP = -1700;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A database file in a fresh folder, opened and migrated; `reopen` opens it again (a new process). */
async function databaseFile() {
  const dir = mkdtempSync(path.join(tmpdir(), "dafu-split-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const open = async () => {
    const db = openDatabase(path.join(dir, "dafu.sqlite"));
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    return db;
  };
  return { first: await open(), reopen: open };
}

/** One process: a Telegram sender with the database's progress store, under a dispatcher. */
function processOver(fake: FakeTelegramServer, db: Database, now: () => number) {
  const sender = createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }), {
    progress: createSendProgressStore(db),
  });
  const limiter = createRateLimiter({
    perSecond: 1000,
    perChatIntervalMs: 0,
    perGroupPerMinute: null,
  });
  return createAlertDispatcher({ db, senders: [sender], limiters: { telegram: limiter }, now });
}

/** `count` replies with long matching sections, each one outbox row for the group. */
async function seedDigest(db: Database, count: number) {
  // One long sentence: the excerpt shows as much of it as a digest allows.
  const text = `公路养护资金已经下达，${"全县完成路面修补和错车道建设，群众出行条件持续改善，".repeat(12)}。`;
  for (let i = 1; i <= count; i++) {
    const replyId = await storeSample(db, {
      docNumber: `示例复〔2025〕${i}号`,
      proposalNumber: String(100 + i),
      proposalTitle: `关于改善第${i}片区${"乡村道路、桥梁和客运站点".repeat(8)}养护的建议`,
      sections: [{ title: "公路养护", kind: "topic", text, subsections: [] }],
    });
    await seedOutbox(db, { replyId, chats: [String(GROUP)], filter: "公路", keywords: ["公路"] });
  }
}

const visible = (call: ApiCall) => {
  const parsed = parseTelegramHtml(String(call.payload.text));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
};
const progressRows = (db: Database) =>
  db.withTables<SendProgressTables>().selectFrom("alert_send_progress").selectAll().execute();

/** A 24-reply digest to one group whose part 1 is confirmed and part 2 fails with a 5xx (transient). */
async function firstPartThenFailure() {
  const fake = await FakeTelegramServer.start();
  cleanups.push(() => fake.close());
  fake.addChat({ id: GROUP, type: "supergroup", title: "群" });
  const { first, reopen } = await databaseFile();
  await seedDigest(first, 24);
  const off = fake.onCall((call) => {
    if (call.ok && call.method === "sendMessage") {
      fake.failNext("sendMessage", { code: 502, description: "Bad Gateway" });
      off();
    }
  });
  expect(await processOver(fake, first, Date.now).runOnce()).toBe(24);
  const beforeRestart = fake.callsOf("sendMessage");
  expect(beforeRestart.map((c) => c.ok)).toEqual([true, false]);
  return { fake, first, reopen, beforeRestart };
}

describe("telegram split digest across a restart", () => {
  it("resumes after the confirmed part: parts 2 and 3 go once each, the rows end sent", async () => {
    const { fake, first, reopen, beforeRestart } = await firstPartThenFailure();
    expect((await progressRows(first)).map((r) => r.parts_confirmed)).toEqual([1]);
    expect((await outboxRows(first)).every((r) => r.state === "pending")).toBe(true);

    // A new process over the same file, once the back-off has passed.
    await first.destroy();
    const second = await reopen();
    const later = () => Date.now() + 3600_000;
    expect(await processOver(fake, second, later).runOnce()).toBe(24);
    const resumed = fake.callsOf("sendMessage").slice(beforeRestart.length);
    expect(resumed.map((c) => c.ok)).toEqual([true, true]);
    // Parts 2 and 3 only, each once: every reply appears exactly once across the three parts.
    const delivered = [beforeRestart[0] as ApiCall, ...resumed].map(visible);
    expect(delivered[0]).toContain("订阅提醒：24 份新答复");
    // The part refused before the restart goes now, then the third; the first is not repeated.
    expect(resumed[0]?.payload.text).toEqual(beforeRestart[1]?.payload.text);
    expect(resumed[0]?.payload.text).not.toEqual(beforeRestart[0]?.payload.text);
    const all = delivered.join("\n");
    for (let i = 1; i <= 24; i++) expect(all.split(`第${i}片区`)).toHaveLength(2);
    const rows = await outboxRows(second);
    expect(rows.map((r) => r.state)).toEqual(Array(24).fill("sent"));
    // The whole message records the first part's id.
    const firstResult = beforeRestart[0]?.result as { message_id: number } | undefined;
    const firstId = String(firstResult?.message_id);
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set([firstId]));
  });
});

describe("telegram split digest whose replies changed before the retry", () => {
  it("loses no reply: a digest that splits differently now goes whole again", async () => {
    const { fake, first, reopen } = await firstPartThenFailure();
    // Meanwhile the first replies are revised: shorter titles, so more items fit in a part.
    await first.updateTable("reply").set({ proposal_title: "短" }).where("id", "<=", 8).execute();
    await first.destroy();
    const second = await reopen();
    expect(await processOver(fake, second, () => Date.now() + 3600_000).runOnce()).toBe(24);
    const sent = fake.callsOf("sendMessage").filter((c) => c.ok);
    const all = sent.map(visible).join("\n");
    const missing = Array.from({ length: 24 }, (_, i) => i + 1).filter(
      (i) => !all.includes(`示例复〔2025〕${i}号`),
    );
    expect(missing).toEqual([]);
    expect((await outboxRows(second)).map((r) => r.state)).toEqual(Array(24).fill("sent"));
  });
});

describe("telegram sender with a progress store", () => {
  async function setUp() {
    const fake = await FakeTelegramServer.start();
    cleanups.push(() => fake.close());
    fake.addChat({ id: GROUP, type: "supergroup", title: "群" });
    const db = openDatabase(":memory:");
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    const sender = () =>
      createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }), {
        progress: createSendProgressStore(db),
      });
    const long = "很长的摘录，".repeat(200);
    const items = Array.from({ length: 30 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long }),
    );
    return { fake, db, sender, digest: alertMessage(items) };
  }

  it("sends nothing again for a digest wholly confirmed, and reports its first message", async () => {
    const { fake, db, sender, digest } = await setUp();
    const target = alertTarget(String(GROUP));
    const sent = await sender().send(target, digest);
    const parts = fake.callsOf("sendMessage").length;
    expect(parts).toBeGreaterThan(1);
    expect((await progressRows(db)).map((r) => r.parts_confirmed)).toEqual([parts]);
    // The outbox record was lost (a crash after the last part): a new process retries.
    expect(await sender().send(target, digest)).toEqual(sent);
    expect(fake.callsOf("sendMessage")).toHaveLength(parts);
  });

  it("forgets the progress when the chat is gone, and keeps none for a single message", async () => {
    const { fake, db, sender, digest } = await setUp();
    const target = alertTarget(String(GROUP));
    const off = fake.onCall((call) => {
      if (call.ok && call.method === "sendMessage") {
        fake.failNext("sendMessage", {
          code: 403,
          description: "Forbidden: bot was kicked from the supergroup chat",
        });
        off();
      }
    });
    expect(await sender().send(target, digest)).toMatchObject({ kind: "undeliverable" });
    expect(await progressRows(db)).toEqual([]);
    const single = alertMessage([alertItem()]);
    expect((await sender().send(alertTarget(String(GROUP), { key: "one" }), single)).kind).toBe(
      "sent",
    );
    expect(await progressRows(db)).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_GATHER_MS,
  dueAt,
  GATHER_CAP_MS,
  gatheredDueAt,
  saveChatSettings,
} from "../../src/alerts/alert-schedule.ts";
import { enqueueAlerts } from "../../src/alerts/enqueue-alerts.ts";
import { loadConfig } from "../../src/config.ts";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { hashDocument } from "../../src/ingest/ingest.ts";
import { claimDue, HELD_DUE_AT, release } from "../../src/storage/alert-outbox.repository.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { saveReply } from "../../src/storage/reply.repository.ts";
import { outbox, subscribe, topicReply } from "./alert-fixtures.ts";

/**
 * The gather window of instant alerts, on a clock the test sets: a chat's
 * new instant alert and its other waiting ones become due together, never
 * later than GATHER_CAP_MS after the oldest; digest, quiet-hours, held,
 * claimed and retried rows keep their own due times.
 */

const T0 = Date.UTC(2026, 0, 5, 4, 0); // 12:00 in Shanghai
const ZONE = "Asia/Shanghai";

describe("gatheredDueAt", () => {
  it("a chat's first alert waits the window; later ones move the batch, up to the cap after the oldest", () => {
    expect(gatheredDueAt(T0, null, 2000)).toBe(T0 + 2000);
    expect(gatheredDueAt(T0 + 1000, T0, 2000)).toBe(T0 + 3000);
    expect(gatheredDueAt(T0 + 4500, T0, 2000)).toBe(T0 + GATHER_CAP_MS);
    // Past the cap: due at once, never in the past.
    expect(gatheredDueAt(T0 + 6500, T0, 2000)).toBe(T0 + 6500);
    expect(gatheredDueAt(T0 + 60_000, T0, 2000)).toBe(T0 + 60_000);
  });

  it("0 turns it off; an oldest row from a clock ahead counts as now", () => {
    expect(gatheredDueAt(T0, T0 - 1000, 0)).toBe(T0);
    expect(gatheredDueAt(T0, T0 + 5000, 2000)).toBe(T0 + 2000);
  });

  it("the setting: default 2000 ms, 0 allowed, nothing above the cap", () => {
    expect(loadConfig({}).alertGatherMs).toBe(DEFAULT_GATHER_MS);
    expect(loadConfig({ DAFU_ALERT_GATHER_MS: "0" }).alertGatherMs).toBe(0);
    expect(() => loadConfig({ DAFU_ALERT_GATHER_MS: "7000" })).toThrow(/DAFU_ALERT_GATHER_MS/);
    expect(() => loadConfig({ DAFU_ALERT_GATHER_MS: "1.5" })).toThrow(/DAFU_ALERT_GATHER_MS/);
  });
});

let db: Database;
let serial = 0;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
});

/** Stores a new reply about `topic` and enqueues its alerts at `now`, as storeReply does in one transaction. */
async function ingestAt(now: number, gatherMs = 2000, topic = "养老服务"): Promise<number> {
  const n = ++serial;
  const doc = parseReplyFile(`r${n}.md`, Buffer.from(topicReply(n, topic)));
  return db.transaction().execute(async (trx) => {
    const saved = await saveReply(trx, doc, { file: `r${n}.md`, contentHash: hashDocument(doc) });
    return enqueueAlerts(trx, saved, doc, null, { now, gatherMs, timeZone: ZONE });
  });
}

/** Due times of a chat's rows, oldest row first. */
const dues = async (chatId: string) =>
  (await outbox(db)).filter((r) => r.chat_id === chatId).map((r) => r.due_at);

describe("the gather window in the enqueueing transaction", () => {
  it("a chat's alerts of one batch are due together; the cap bounds a long batch", async () => {
    await subscribe(db, "100", "");
    await ingestAt(T0);
    expect(await dues("100")).toEqual([T0 + 2000]);
    await ingestAt(T0 + 1000);
    expect(await dues("100")).toEqual([T0 + 3000, T0 + 3000]);
    await ingestAt(T0 + 4500);
    expect(await dues("100")).toEqual(Array(3).fill(T0 + GATHER_CAP_MS));
    // Past the cap and still unclaimed: the whole batch is due at once.
    await ingestAt(T0 + 6500);
    expect(await dues("100")).toEqual(Array(4).fill(T0 + 6500));
  });

  it("chats gather apart; 0 turns the window off", async () => {
    await subscribe(db, "100", "养老服务");
    await subscribe(db, "200", "");
    await ingestAt(T0);
    await ingestAt(T0 + 1000, 2000, "低空经济");
    expect(await dues("100")).toEqual([T0 + 2000]);
    expect(await dues("200")).toEqual([T0 + 3000, T0 + 3000]);
    // Off: the new rows are due at their ingest and the waiting ones keep their time.
    await ingestAt(T0 + 1500, 0);
    expect(await dues("100")).toEqual([T0 + 2000, T0 + 1500]);
    expect(await dues("200")).toEqual([T0 + 3000, T0 + 3000, T0 + 1500]);
  });

  it("a row a worker claimed, or one waiting to be retried, keeps its due time and does not anchor the cap", async () => {
    await subscribe(db, "100", "");
    await ingestAt(T0);
    const [claimed] = await claimDue(db, {
      workerId: "w",
      platform: "telegram",
      limit: 10,
      leaseMs: 60_000,
      now: T0 + 2000,
    });
    expect(claimed?.dueAt).toBe(T0 + 2000);
    await ingestAt(T0 + 5000);
    expect(await dues("100")).toEqual([T0 + 2000, T0 + 7000]);
    // The claimed row fails and waits for a retry; the next alert leaves it alone.
    await release(db, [claimed?.id ?? 0], {
      claimedBy: claimed?.claimedBy ?? "",
      error: "timeout",
      retryAt: T0 + 5500,
    });
    await ingestAt(T0 + 5200);
    expect(await dues("100")).toEqual([T0 + 5500, T0 + 7200, T0 + 7200]);
  });

  it("digest, quiet-hours and held rows keep their own due times", async () => {
    await subscribe(db, "100", "");
    await subscribe(db, "200", "");
    await subscribe(db, "300", "");
    await subscribe(db, "400", "", { platform: "feishu", status: "paused" });
    const digest = await saveChatSettings(db, "telegram", "200", {
      delivery: "digest",
      digestHour: 20,
    });
    // Quiet 11:00–13:00 Shanghai: T0 (12:00) falls inside.
    const quiet = await saveChatSettings(db, "telegram", "300", {
      quietStart: 11 * 60,
      quietEnd: 13 * 60,
    });
    await ingestAt(T0);
    await ingestAt(T0 + 1000);
    expect(await dues("100")).toEqual([T0 + 3000, T0 + 3000]);
    expect(await dues("200")).toEqual([dueAt(digest, T0, ZONE), dueAt(digest, T0 + 1000, ZONE)]);
    expect(await dues("200")).toEqual(Array(2).fill(Date.UTC(2026, 0, 5, 12, 0)));
    expect(await dues("300")).toEqual(Array(2).fill(Date.UTC(2026, 0, 5, 5, 0)));
    expect(await dues("300")).toEqual([dueAt(quiet, T0, ZONE), dueAt(quiet, T0 + 1000, ZONE)]);
    expect(await dues("400")).toEqual([HELD_DUE_AT, HELD_DUE_AT]);
  });

  it("rows due after quiet hours and not yet sent go out with the next alert, at once", async () => {
    await subscribe(db, "100", "");
    await saveChatSettings(db, "telegram", "100", { quietStart: 11 * 60, quietEnd: 12 * 60 });
    await ingestAt(T0 - 30 * 60_000);
    expect(await dues("100")).toEqual([T0]);
    await ingestAt(T0 + 500);
    expect(await dues("100")).toEqual([T0 + 500, T0 + 500]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ChatSettings,
  DEFAULT_CHAT_SETTINGS,
  dueAt,
  isQuiet,
  readChatSettings,
  rescheduleChat,
  saveChatSettings,
} from "../../src/alerts/alert-schedule.ts";
import { loadConfig } from "../../src/config.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";

const SH = "Asia/Shanghai";
/** Epoch ms of a wall-clock time in Shanghai (UTC+8, no daylight saving). */
const sh = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour - 8, minute);
const settings = (patch: Partial<ChatSettings>): ChatSettings => ({
  ...DEFAULT_CHAT_SETTINGS,
  ...patch,
});
const quiet = settings({ quietStart: 22 * 60, quietEnd: 7 * 60 });

describe("dueAt", () => {
  it("instant: at once outside quiet hours", () => {
    expect(dueAt(DEFAULT_CHAT_SETTINGS, sh(5, 12, 34), SH)).toBe(sh(5, 12, 34));
    expect(dueAt(quiet, sh(5, 21, 59), SH)).toBe(sh(5, 21, 59));
    expect(dueAt(quiet, sh(5, 7, 0), SH)).toBe(sh(5, 7, 0));
  });

  it("instant inside quiet hours that wrap midnight: at their end, the same or the next morning", () => {
    expect(dueAt(quiet, sh(5, 22, 0), SH)).toBe(sh(6, 7, 0));
    expect(dueAt(quiet, sh(5, 23, 30), SH)).toBe(sh(6, 7, 0));
    expect(dueAt(quiet, sh(6, 3, 15), SH)).toBe(sh(6, 7, 0));
    expect(isQuiet(quiet, sh(6, 6, 59), SH)).toBe(true);
    expect(isQuiet(quiet, sh(6, 12, 0), SH)).toBe(false);
  });

  it("quiet hours within one day", () => {
    const lunch = settings({ quietStart: 12 * 60, quietEnd: 13 * 60 + 30 });
    expect(dueAt(lunch, sh(5, 12, 10), SH)).toBe(sh(5, 13, 30));
    expect(dueAt(lunch, sh(5, 23, 0), SH)).toBe(sh(5, 23, 0));
  });

  it("digest: the next digest hour, today or tomorrow", () => {
    const digest = settings({ delivery: "digest", digestHour: 18 });
    expect(dueAt(digest, sh(5, 9, 0), SH)).toBe(sh(5, 18, 0));
    expect(dueAt(digest, sh(5, 18, 0), SH)).toBe(sh(5, 18, 0));
    expect(dueAt(digest, sh(5, 18, 1), SH)).toBe(sh(6, 18, 0));
    // Across a month end.
    expect(dueAt(digest, Date.UTC(2026, 0, 31, 12), SH)).toBe(Date.UTC(2026, 1, 1, 10));
  });

  it("digest hour inside quiet hours: pushed to their end, never inside them", () => {
    const digest = settings({ delivery: "digest", digestHour: 23, ...quietHours(22, 7) });
    const due = dueAt(digest, sh(5, 9, 0), SH);
    expect(due).toBe(sh(6, 7, 0));
    expect(isQuiet(digest, due, SH)).toBe(false);
  });

  it("reads wall-clock hours in the configured zone", () => {
    const digest = settings({ delivery: "digest", digestHour: 9 });
    // 09:00 in New York in January is 14:00 UTC (EST), in July 13:00 UTC (EDT).
    expect(dueAt(digest, Date.UTC(2026, 0, 5, 12), "America/New_York")).toBe(
      Date.UTC(2026, 0, 5, 14),
    );
    expect(dueAt(digest, Date.UTC(2026, 6, 5, 12), "America/New_York")).toBe(
      Date.UTC(2026, 6, 5, 13),
    );
    expect(dueAt(digest, Date.UTC(2026, 0, 5, 12), "UTC")).toBe(Date.UTC(2026, 0, 6, 9));
  });
});

function quietHours(start: number, end: number) {
  return { quietStart: start * 60, quietEnd: end * 60 };
}

describe("DAFU_TIMEZONE", () => {
  it("defaults to Asia/Shanghai and refuses an unknown zone", () => {
    expect(loadConfig({}).timeZone).toBe("Asia/Shanghai");
    expect(loadConfig({ DAFU_TIMEZONE: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin");
    expect(() => loadConfig({ DAFU_TIMEZONE: "Mars/Olympus" })).toThrow(/DAFU_TIMEZONE/);
  });
});

describe("chat settings", () => {
  let db: Database;
  beforeEach(async () => {
    db = openDatabase(":memory:");
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("defaults, then a patch that keeps the other settings", async () => {
    expect(await readChatSettings(db, "telegram", "1")).toEqual(DEFAULT_CHAT_SETTINGS);
    await saveChatSettings(db, "telegram", "1", { delivery: "digest", digestHour: 20 });
    const saved = await saveChatSettings(db, "telegram", "1", { silent: true });
    expect(saved).toMatchObject({ delivery: "digest", digestHour: 20, silent: true });
    expect(await readChatSettings(db, "telegram", "1")).toEqual(saved);
    expect(await readChatSettings(db, "feishu", "1")).toEqual(DEFAULT_CHAT_SETTINGS);
  });

  it("refuses an hour out of range and half-set quiet hours", async () => {
    await expect(saveChatSettings(db, "telegram", "1", { digestHour: 24 })).rejects.toThrow();
    await expect(saveChatSettings(db, "telegram", "1", { quietStart: 60 })).rejects.toThrow();
    expect(await readChatSettings(db, "telegram", "1")).toEqual(DEFAULT_CHAT_SETTINGS);
  });

  it("a settings change reschedules the chat's pending alerts only", async () => {
    const now = sh(5, 10, 0);
    for (const [id, chat, state] of [
      [1, "1", "pending"],
      [2, "1", "sent"],
      [3, "2", "pending"],
    ] as const)
      await outboxRow(db, id, chat, state, now);
    await saveChatSettings(
      db,
      "telegram",
      "1",
      { delivery: "digest", digestHour: 18 },
      { now, timeZone: SH },
    );
    const due = await db
      .withTables<AlertTables>()
      .selectFrom("alert_outbox")
      .select(["subscription_id", "due_at"])
      .orderBy("subscription_id")
      .execute();
    expect(due).toEqual([
      { subscription_id: 1, due_at: sh(5, 18, 0) },
      { subscription_id: 2, due_at: now },
      { subscription_id: 3, due_at: now },
    ]);
    const instant = settings({});
    expect(await rescheduleChat(db, "telegram", "1", instant, now, SH)).toBe(1);
  });
});

async function outboxRow(db: Database, id: number, chat: string, state: string, now: number) {
  await db
    .withTables<AlertTables>()
    .insertInto("alert_outbox")
    .values({
      id,
      reply_id: 1,
      reply_version: 1,
      subscription_id: id,
      platform: "telegram",
      chat_id: chat,
      thread_id: null,
      revised: 0,
      changes: null,
      section_position: null,
      state,
      due_at: now,
      claimed_by: null,
      claim_until: null,
      attempts: 0,
      send_key: `k${id}`,
      sent_at: null,
      last_error: null,
      created_at: now,
    } as never)
    .execute();
}

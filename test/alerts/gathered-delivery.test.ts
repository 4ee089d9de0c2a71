import { afterEach, describe, expect, it } from "vitest";
import { dueAt, GATHER_CAP_MS, saveChatSettings } from "../../src/alerts/alert-schedule.ts";
import { STORE_BATCH } from "../../src/ingest/ingest.ts";
import {
  ingestProcess,
  outbox,
  sentTexts,
  subscribe,
  telegramDelivery,
  topicReply,
  writeReply,
} from "./alert-fixtures.ts";

/**
 * The gather window end to end: a CLI ingest in another process stores
 * matching replies in more than one write transaction (it commits
 * STORE_BATCH files at a time), while the bot's dispatcher polls as it does
 * in production. An instant chat gets one digest carrying them all (a long
 * digest goes to Telegram in parts); a digest chat and a chat in its quiet
 * hours keep their own due times.
 *
 * The ingest runs with the widest window (DAFU_ALERT_GATHER_MS=6000, the
 * cap), so the rows share one due time whenever the small files are stored
 * within six seconds of the first: the outcome does not hang on how the
 * ingest's commits fall between two polls of the dispatcher.
 */

const ZONE = "Asia/Shanghai";
/** Two of the ingest's transactions: a full batch and part of another. */
const REPLIES = STORE_BATCH + 8;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Hour and minute of the day on Shanghai's clock (UTC+8, no daylight saving). */
function shanghaiNow(): { hour: number; minute: number } {
  const minute = (Math.floor(Date.now() / 60_000) + 8 * 60) % 1440;
  return { hour: Math.floor(minute / 60), minute };
}

describe("several replies of one CLI ingest, while the dispatcher runs", () => {
  it("reach an instant chat as one digest; digest and quiet-hours chats are untouched", async () => {
    const { folder, dataDir, db, fake, startDispatcher } = await telegramDelivery(
      [801, 802, 803],
      cleanups,
    );
    for (const id of ["801", "802", "803"]) await subscribe(db, id, "");
    // A digest twelve hours from now, and quiet hours from an hour ago to two hours ahead.
    const { hour, minute } = shanghaiNow();
    const digest = await saveChatSettings(db, "telegram", "802", {
      delivery: "digest",
      digestHour: (hour + 12) % 24,
    });
    const quiet = await saveChatSettings(db, "telegram", "803", {
      quietStart: (minute + 1440 - 60) % 1440,
      quietEnd: (minute + 120) % 1440,
    });
    startDispatcher();

    for (let n = 1; n <= REPLIES; n++) writeReply(folder, `r${n}.md`, topicReply(n, `主题${n}`));
    const env = { DAFU_ALERT_GATHER_MS: String(GATHER_CAP_MS), DAFU_TIMEZONE: ZONE };
    expect(await ingestProcess(folder, dataDir, env)).toBe(0);
    const rowsOf = async (chat: string) => (await outbox(db)).filter((r) => r.chat_id === chat);
    // Polled with a generous deadline: the test's own timeout.
    for (;;) {
      const rows = await rowsOf("801");
      if (rows.length === REPLIES && rows.every((r) => r.state === "sent")) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const instant = await rowsOf("801");
    const oldest = Math.min(...instant.map((r) => r.created_at));
    expect(new Set(instant.map((r) => r.due_at))).toEqual(new Set([oldest + GATHER_CAP_MS]));
    // One digest (one message key for every row), each reply in it once.
    expect(new Set(instant.map((r) => r.message_key)).size).toBe(1);
    const text = sentTexts(fake, 801).join("\n");
    for (let n = 1; n <= REPLIES; n++) expect(text.split(`〔2025〕${n}号`)).toHaveLength(2);

    // Due as their settings say, hours away: nothing could have gone to them.
    for (const [chat, settings] of [
      ["802", digest],
      ["803", quiet],
    ] as const) {
      const rows = await rowsOf(chat);
      expect(rows).toHaveLength(REPLIES);
      for (const row of rows) {
        expect(row.state).toBe("pending");
        expect(row.due_at).toBe(dueAt(settings, row.created_at, ZONE));
        expect(row.due_at).toBeGreaterThan(row.created_at + 3600_000);
      }
    }
    expect(fake.callsOf("sendMessage").filter((c) => c.payload.chat_id !== 801)).toEqual([]);
  }, 60_000);
});

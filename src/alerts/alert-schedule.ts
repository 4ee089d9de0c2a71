import { AppError } from "../errors.ts";
import { HELD_DUE_AT } from "../storage/alert-chat.repository.ts";
import type { AlertTables, ChatSettingsTable } from "../storage/alert-tables.ts";
import { type Database, writeTransaction } from "../storage/database.ts";

/**
 * When alerts go out: a chat's delivery settings (instant or a daily digest,
 * quiet hours, silent) and the time a new outbox row becomes due. Wall-clock
 * times are read in the configured time zone (`DAFU_TIMEZONE`) with
 * `Intl.DateTimeFormat`, so daylight-saving zones work too.
 */

/** A chat's alert delivery settings. */
export interface ChatSettings {
  /** `instant` (default): as soon as a reply comes in; `digest`: once a day at {@link digestHour}. */
  readonly delivery: "instant" | "digest";
  /** Hour (0–23) of the daily digest. Default {@link DEFAULT_DIGEST_HOUR}. */
  readonly digestHour: number;
  /**
   * Quiet hours as minutes after midnight: start inclusive, end exclusive; may
   * wrap midnight (22:00–07:00 is 1320–420). Null (default): none. Equal ends mean none.
   */
  readonly quietStart: number | null;
  readonly quietEnd: number | null;
  /** Send without a notification sound. Default false. */
  readonly silent: boolean;
}

/** The default digest hour (9:00). */
export const DEFAULT_DIGEST_HOUR = 9;

/** What a chat without a settings row gets. */
export const DEFAULT_CHAT_SETTINGS: ChatSettings = Object.freeze({
  delivery: "instant",
  digestHour: DEFAULT_DIGEST_HOUR,
  quietStart: null,
  quietEnd: null,
  silent: false,
});

/** The default time zone of every wall-clock setting. */
export const DEFAULT_TIMEZONE = "Asia/Shanghai";

const tables = (db: Database) => db.withTables<AlertTables>();

/** A chat's settings; the defaults when it never changed them. */
export async function readChatSettings(
  db: Database,
  platform: string,
  chatId: string,
): Promise<ChatSettings> {
  const row = await tables(db)
    .selectFrom("chat_settings")
    .selectAll()
    .where("platform", "=", platform)
    .where("chat_id", "=", chatId)
    .executeTakeFirst();
  return row ? chatSettingsOf(row) : DEFAULT_CHAT_SETTINGS;
}

/** The settings a stored `chat_settings` row holds. */
export function chatSettingsOf(row: ChatSettingsTable): ChatSettings {
  return {
    delivery: row.delivery === "digest" ? "digest" : "instant",
    digestHour: row.digest_hour ?? DEFAULT_DIGEST_HOUR,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    silent: row.silent === 1,
  };
}

/** Options for {@link saveChatSettings}. */
export interface SaveChatSettingsOptions {
  /** Default `Date.now()`. */
  readonly now?: number;
  /**
   * When given, the chat's pending alerts are rescheduled under the new
   * settings in the same transaction ({@link rescheduleChat}). Pass the
   * configured `DAFU_TIMEZONE`.
   */
  readonly timeZone?: string;
}

/**
 * Changes some of a chat's settings (the rest keep their values) and returns
 * the result. Throws `BAD_INPUT` for an hour or minute out of range.
 */
export async function saveChatSettings(
  db: Database,
  platform: string,
  chatId: string,
  patch: Partial<ChatSettings>,
  options: SaveChatSettingsOptions = {},
): Promise<ChatSettings> {
  const now = options.now ?? Date.now();
  const work = async (trx: Database): Promise<ChatSettings> => {
    const settings = { ...(await readChatSettings(trx, platform, chatId)), ...patch };
    checkSettings(settings);
    const row = {
      delivery: settings.delivery,
      digest_hour: settings.digestHour,
      quiet_start: settings.quietStart,
      quiet_end: settings.quietEnd,
      silent: settings.silent ? 1 : 0,
      updated_at: now,
    };
    await tables(trx)
      .insertInto("chat_settings")
      .values({ platform, chat_id: chatId, ...row })
      .onConflict((oc) => oc.columns(["platform", "chat_id"]).doUpdateSet(row))
      .execute();
    if (options.timeZone)
      await rescheduleChat(trx, platform, chatId, settings, now, options.timeZone);
    return settings;
  };
  return db.isTransaction ? work(db) : writeTransaction(db, work);
}

function checkSettings(s: ChatSettings): void {
  const minute = (m: number | null) => m === null || (Number.isInteger(m) && m >= 0 && m < 1440);
  const hourOk = Number.isInteger(s.digestHour) && s.digestHour >= 0 && s.digestHour <= 23;
  const quietOk = minute(s.quietStart) && minute(s.quietEnd);
  if (!hourOk || !quietOk || (s.quietStart === null) !== (s.quietEnd === null)) {
    throw new AppError("BAD_INPUT", "时间设置无效：整点为 0–23，免打扰时段为 HH:MM–HH:MM");
  }
}

/**
 * Recomputes `due_at` of the chat's pending alerts after a settings change:
 * each becomes due as if it came in now under the new settings (switching to
 * instant sends them at once unless inside quiet hours; to a digest, at the
 * next digest hour). Rows held for a paused chat are left alone. Returns the
 * number of rows changed.
 */
export async function rescheduleChat(
  db: Database,
  platform: string,
  chatId: string,
  settings: ChatSettings,
  now: number,
  timeZone: string,
): Promise<number> {
  const result = await tables(db)
    .updateTable("alert_outbox")
    .set({ due_at: dueAt(settings, now, timeZone) })
    .where("platform", "=", platform)
    .where("chat_id", "=", chatId)
    .where("state", "=", "pending")
    // Rows held for a paused chat stay held until the bot is re-added.
    .where("due_at", "<>", HELD_DUE_AT)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * When an alert created at `createdAt` (epoch ms) may be sent. Instant: at
 * once, or at the end of quiet hours when it comes in inside them. Digest: at
 * the next digest hour (at or after `createdAt`), pushed to the end of quiet
 * hours when that hour falls inside them.
 */
export function dueAt(settings: ChatSettings, createdAt: number, timeZone: string): number {
  const due =
    settings.delivery === "digest"
      ? nextLocalTime(createdAt, settings.digestHour * 60, timeZone)
      : createdAt;
  if (!isQuiet(settings, due, timeZone) || settings.quietEnd === null) return due;
  return nextLocalTime(due, settings.quietEnd, timeZone);
}

/** Default gather window of instant alerts (`DAFU_ALERT_GATHER_MS`): 2 s. */
export const DEFAULT_GATHER_MS = 2000;

/**
 * The most an instant alert waits for others: a chat's gathered alerts are due
 * at most this long after its oldest one was created, so a long ingest still
 * alerts well inside the 10 s promise (plus about a second of dispatcher poll).
 */
export const GATHER_CAP_MS = 6000;

/**
 * When a chat's instant alerts are due once one is enqueued at `now`: `gatherMs`
 * later, so the chat's other new alerts of the same batch join it in one
 * message, but never later than {@link GATHER_CAP_MS} after `oldestPending`
 * (creation time of the chat's oldest alert still waiting in the window; null
 * when none), and never before `now`. `gatherMs` 0: at once.
 */
export function gatheredDueAt(now: number, oldestPending: number | null, gatherMs: number): number {
  if (gatherMs <= 0) return now;
  const oldest = Math.min(oldestPending ?? now, now);
  return Math.max(now, Math.min(now + gatherMs, oldest + GATHER_CAP_MS));
}

/** True when `at` falls inside the chat's quiet hours. */
export function isQuiet(settings: ChatSettings, at: number, timeZone: string): boolean {
  const { quietStart: start, quietEnd: end } = settings;
  if (start === null || end === null || start === end) return false;
  const minute = localTime(at, timeZone).minuteOfDay;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** A problem text (for `ConfigError`) when Intl does not know the zone; null when it does. */
export function timeZoneProblem(timeZone: string): string | null {
  try {
    formatter(timeZone);
    return null;
  } catch {
    return `DAFU_TIMEZONE 不是有效的时区名（如 Asia/Shanghai）：${timeZone}`;
  }
}

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly minuteOfDay: number;
  /** Milliseconds past the start of the minute. */
  readonly withinMinute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock date and minute of `at` in the zone. */
function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minuteOfDay: ((parts.hour ?? 0) % 24) * 60 + (parts.minute ?? 0),
    withinMinute: ((at % 60_000) + 60_000) % 60_000,
  };
}

/** The instant the zone's clock shows `minuteOfDay` on the given local date (next day when the day overflows). */
function zonedInstant(
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // Two rounds settle the zone offset, also next to a daylight-saving change.
  let guess = wall;
  for (let round = 0; round < 2; round++) {
    const shown = localTime(guess, timeZone);
    const shownWall = Date.UTC(shown.year, shown.month - 1, shown.day, 0, shown.minuteOfDay);
    guess += wall - shownWall;
  }
  return guess;
}

/** The first instant at or after `from` when the zone's clock shows `minuteOfDay`:00. */
function nextLocalTime(from: number, minuteOfDay: number, timeZone: string): number {
  const local = localTime(from, timeZone);
  if (local.minuteOfDay === minuteOfDay && local.withinMinute === 0) return from;
  const today = zonedInstant(local.year, local.month, local.day, minuteOfDay, timeZone);
  if (today > from) return today;
  return zonedInstant(local.year, local.month, local.day + 1, minuteOfDay, timeZone);
}

import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Api } from "grammy";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { createRateLimiter, TELEGRAM_LIMITS } from "../../src/alerts/rate-limiter.ts";
import { filterToJson, parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { type MatchableReply, matchableReply } from "../../src/alerts/subscription-matcher.ts";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import type { AlertOutboxTable, AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, openDataDirDatabase } from "../../src/storage/database.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";
import { type FixtureReply, fixtureReplyText } from "../helpers/fixture-replies.ts";

/** A small reply about `topic`, with an optional 办理结果 line under its 文号. */
export function topicReply(
  serial: number,
  topic: string,
  extra: { result?: string; figure?: number; more?: [string, string][] } = {},
): string {
  const reply: FixtureReply = {
    docNumber: `沪测复〔2025〕${serial}号`,
    number: String(100 + serial).padStart(4, "0"),
    title: `关于推进${topic}的建议`,
    topics: [
      [topic, `本市已建成${topic}项目${extra.figure ?? 10}个，覆盖全部街道。`],
      ["工作机制", "试点覆盖3个区，建立季度会商制度。"],
      ...(extra.more ?? []),
    ],
    date: "2025-03-04",
  };
  const parts = fixtureReplyText(reply).split("\n\n");
  if (extra.result) parts.splice(2, 0, `办理结果：${extra.result}`);
  return parts.join("\n\n");
}

/** The folder of variety fixtures: replies `a01-…` and the questions asked of them. */
export const VARIETY_DIR = path.resolve(import.meta.dirname, "../fixtures/variety");

/** The variety fixture replies (`a01-…`), parsed, in file-name order. */
export function varietyDocuments(): [name: string, doc: ReplyDocument][] {
  return readdirSync(VARIETY_DIR)
    .filter((n) => /^a\d\d-.*\.(txt|md|html?)$/.test(n))
    .sort()
    .map((name) => [name, parseReplyFile(name, readFileSync(path.join(VARIETY_DIR, name)))]);
}

/** The variety fixture replies as the matcher reads them, by file name (ids 1, 2 … in name order). */
export function varietyReplies(): Map<string, MatchableReply> {
  return new Map(varietyDocuments().map(([name, doc], i) => [name, matchableReply(doc, i + 1)]));
}

/** Writes a reply file and returns its path. */
export function writeReply(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Inserts an active subscription (as the /subscribe command stores it) and returns its id. */
export async function subscribe(
  db: Database,
  chatId: string,
  filterText: string,
  extra: { platform?: string; threadId?: string | null; status?: string } = {},
): Promise<number> {
  const row = await db
    .withTables<AlertTables>()
    .insertInto("subscription")
    .values({
      platform: extra.platform ?? "telegram",
      chat_id: chatId,
      thread_id: extra.threadId ?? null,
      filter_text: filterText,
      filter_json: filterToJson(parseSubscriptionFilter(filterText)),
      created_by: null,
      created_at: Date.now(),
      status: extra.status ?? "active",
      status_reason: null,
      status_at: Date.now(),
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every outbox row, oldest first. */
export async function outbox(db: Database): Promise<AlertOutboxTable[]> {
  return db
    .withTables<AlertTables>()
    .selectFrom("alert_outbox")
    .selectAll()
    .orderBy("id")
    .execute();
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * `npm run --silent cli -- ingest <folder>` as its own process (`env`: more
 * settings for it); resolves with its exit code.
 */
export function ingestProcess(
  folder: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "cli", "--", "ingest", folder, "--json"], {
      cwd: ROOT,
      env: { ...process.env, DAFU_DATA_DIR: dataDir, DAFU_LOG_LEVEL: "warn", ...env },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
}

/**
 * The bot's side of a delivery test fed by `ingestProcess`: a replies folder
 * and a data folder in a fresh temporary folder, the data folder's database,
 * and a fake Telegram server with the private `chats`; `startDispatcher`
 * starts a dispatcher polling as the bot does (Telegram's limits). All of it
 * is undone through `cleanups`, last in first out.
 */
export async function telegramDelivery(chats: readonly number[], cleanups: (() => unknown)[]) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const folder = path.join(dir, "replies");
  mkdirSync(folder);
  const dataDir = path.join(dir, "data");
  const db = await openDataDirDatabase(dataDir);
  cleanups.push(() => db.destroy());
  const fake = await FakeTelegramServer.start();
  cleanups.push(() => fake.close());
  for (const id of chats) fake.addChat({ id, type: "private", first_name: "用户" });
  const startDispatcher = () => {
    const dispatcher = createAlertDispatcher({
      db,
      senders: [createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }))],
      limiters: { telegram: createRateLimiter(TELEGRAM_LIMITS) },
    });
    dispatcher.start();
    cleanups.push(() => dispatcher.stop());
  };
  return { folder, dataDir, db, fake, startDispatcher };
}

/** The texts of the messages the fake Telegram server accepted for `chat`, in order. */
export function sentTexts(fake: FakeTelegramServer, chat: number): string[] {
  return fake
    .callsOf("sendMessage", chat)
    .filter((c) => c.ok)
    .map((c) => String(c.payload.text));
}

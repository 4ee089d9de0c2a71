import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";
import { seedOutbox, storeSample } from "./delivery-fixture.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CHATS = 500;
const LEASE_MS = 1500;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  readonly fake: FakeTelegramServer;
  readonly db: Database;
  readonly file: string;
}

async function setUp(): Promise<Setup> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const fake = await FakeTelegramServer.start();
  cleanups.push(() => fake.close());
  const chats = Array.from({ length: CHATS }, (_, i) => String(1000 + i));
  for (const id of chats)
    fake.addChat({ id: Number(id), type: "private", first_name: `用户${id}` });
  const file = path.join(dir, "dafu.sqlite");
  const db = openDatabase(file);
  cleanups.push(() => db.destroy());
  await migrateToLatest(db);
  const replyId = await storeSample(db);
  await seedOutbox(db, { replyId, chats });
  return { fake, db, file };
}

/** Starts the dispatcher process; resolves its exit code when it ends. */
function dispatcherProcess(
  setup: Setup,
  concurrency: number,
): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    // Node itself with tsx as a loader: a SIGKILL then kills the process that sends, not a wrapper.
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "test/alerts/fan-out-child.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DAFU_TEST_DB: setup.file,
        DAFU_TEST_API_ROOT: setup.fake.apiRoot,
        DAFU_TEST_TOKEN: setup.fake.token,
        DAFU_TEST_RATE: "400",
        DAFU_TEST_LEASE_MS: String(LEASE_MS),
        DAFU_TEST_CONCURRENCY: String(concurrency),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited };
}

/** Messages each chat received (accepted sendMessage calls). */
function receivedPerChat(fake: FakeTelegramServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsOf("sendMessage").filter((c) => c.ok)) {
    const chat = String(call.payload.chat_id);
    counts.set(chat, (counts.get(chat) ?? 0) + 1);
  }
  return counts;
}

async function sentRowChats(db: Database): Promise<Set<string>> {
  const rows = await db
    .withTables<AlertTables>()
    .selectFrom("alert_outbox")
    .select("chat_id")
    .where("state", "=", "sent")
    .execute();
  return new Set(rows.map((r) => r.chat_id));
}

describe("crash and restart mid fan-out", () => {
  it("killed just before a send reaches Telegram, a restart delivers the rest: every chat exactly once", async () => {
    const setup = await setUp();
    const first = dispatcherProcess(setup, 1);
    let seen = 0;
    setup.fake.gate = (method) => {
      if (method.toLowerCase() !== "sendmessage" || ++seen !== 200) return null;
      // The crash: the process dies while this request is on its way; Telegram never takes it.
      first.child.kill("SIGKILL");
      return { code: 502, description: "Bad Gateway" };
    };
    expect(await first.exited).toBe(null);
    setup.fake.gate = null;
    const beforeRestart = receivedPerChat(setup.fake);
    expect(beforeRestart.size).toBe(199);
    const second = dispatcherProcess(setup, 1);
    expect(await second.exited).toBe(0);
    const received = receivedPerChat(setup.fake);
    expect(received.size).toBe(CHATS);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect((await sentRowChats(setup.db)).size).toBe(CHATS);
  }, 60_000);

  it("killed at any moment, nothing is lost and only a send confirmed but not yet recorded is repeated", async () => {
    const setup = await setUp();
    const first = dispatcherProcess(setup, 16);
    // Killed the moment Telegram has taken the 250th message, before its answer reaches the process.
    const off = setup.fake.onCall((call) => {
      if (call.ok && setup.fake.callsOf("sendMessage").filter((c) => c.ok).length === 250)
        first.child.kill("SIGKILL");
    });
    expect(await first.exited).toBe(null);
    off();
    const confirmedBeforeCrash = new Set(receivedPerChat(setup.fake).keys());
    const recorded = await sentRowChats(setup.db);
    // Confirmed by Telegram but not recorded as sent: the window the crash fell into.
    const inWindow = [...confirmedBeforeCrash].filter((chat) => !recorded.has(chat));
    expect(inWindow.length).toBeGreaterThanOrEqual(1);
    expect(inWindow.length).toBeLessThanOrEqual(16);
    const second = dispatcherProcess(setup, 16);
    expect(await second.exited).toBe(0);
    const received = receivedPerChat(setup.fake);
    expect(received.size).toBe(CHATS);
    const repeated = [...received].filter(([, n]) => n > 1).map(([chat]) => chat);
    expect(repeated.sort()).toEqual(inWindow.sort());
    expect([...received.values()].every((n) => n <= 2)).toBe(true);
  }, 60_000);
});

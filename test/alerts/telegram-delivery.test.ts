import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { createRateLimiter } from "../../src/alerts/rate-limiter.ts";
import { platformPausedUntil } from "../../src/storage/alert-outbox.repository.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { outboxRows, seedOutbox, storeSample, subscriptionRows } from "./delivery-fixture.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(chats: readonly number[]) {
  const fake = await FakeTelegramServer.start();
  cleanups.push(() => fake.close());
  for (const id of chats)
    fake.addChat(
      id < 0
        ? { id, type: "group", title: `群${-id}` }
        : { id, type: "private", first_name: "用户" },
    );
  const db: Database = openDatabase(":memory:");
  cleanups.push(() => db.destroy());
  await migrateToLatest(db);
  const replyId = await storeSample(db);
  await seedOutbox(db, { replyId, chats: chats.map(String) });
  const dispatcher = createAlertDispatcher({
    db,
    senders: [createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }))],
    limiters: {
      telegram: createRateLimiter({
        perSecond: 1000,
        perChatIntervalMs: 0,
        perGroupPerMinute: null,
      }),
    },
    pollMs: 20,
  });
  cleanups.push(() => dispatcher.stop());
  return { fake, db, dispatcher };
}

async function settled(db: Database): Promise<void> {
  while ((await outboxRows(db)).some((r) => r.state === "pending"))
    await new Promise((r) => setTimeout(r, 20));
}

const okPerChat = (fake: FakeTelegramServer) => {
  const counts = new Map<number, number>();
  for (const c of fake.callsOf("sendMessage").filter((call) => call.ok))
    counts.set(Number(c.payload.chat_id), (counts.get(Number(c.payload.chat_id)) ?? 0) + 1);
  return counts;
};

describe("alert delivery to the fake Telegram server", () => {
  it("pauses every send on a 429 for retry_after, then delivers each chat once", async () => {
    const chats = [101, 102, 103, 104, 105, 106];
    const { fake, db, dispatcher } = await setUp(chats);
    fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    dispatcher.start();
    await settled(db);
    expect(dispatcher.stats.rateLimited).toBe(1);
    const refused = fake.callsOf("sendMessage").filter((c) => !c.ok);
    expect(refused).toHaveLength(1);
    expect([...okPerChat(fake).entries()].sort()).toEqual(chats.map((id) => [id, 1]));
    // The pause every worker honours was recorded, for about retry_after.
    const until = await platformPausedUntil(db, "telegram", 0);
    const refusedChat = String(refused[0]?.payload.chat_id);
    const row = (await outboxRows(db)).find((r) => r.chat_id === refusedChat);
    expect(until).not.toBeNull();
    expect(row?.sent_at).toBeGreaterThanOrEqual(until as number);
  });

  it("deactivates a blocked chat and moves a migrated group, delivering to the others once", async () => {
    const { fake, db, dispatcher } = await setUp([201, 202, -203]);
    const blocked = fake.chats.get(202);
    if (blocked) blocked.blocked = true;
    fake.addChat({ id: -100203, type: "supergroup", title: "群203" });
    const migrated = fake.chats.get(-203);
    if (migrated) migrated.migratedTo = -100203;
    dispatcher.start();
    await settled(db);
    expect([...okPerChat(fake).entries()].sort()).toEqual([
      [-100203, 1],
      [201, 1],
    ]);
    const rows = await outboxRows(db);
    expect(rows.map((r) => [r.chat_id, r.state])).toEqual([
      ["201", "sent"],
      ["202", "failed"],
      ["-100203", "sent"],
    ]);
    const subs = await subscriptionRows(db);
    expect(subs.map((s) => [s.chat_id, s.status, s.status_reason])).toEqual([
      ["201", "active", null],
      ["202", "inactive", "blocked"],
      ["-100203", "active", null],
    ]);
  });
});

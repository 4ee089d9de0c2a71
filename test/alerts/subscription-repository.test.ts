import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SubscriptionFilter } from "../../src/alerts/alert-types.ts";
import { EMPTY_FILTER } from "../../src/alerts/subscription-filter.ts";
import type { AlertOutboxTable, AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import {
  addSubscription,
  listSubscriptions,
  removeAllSubscriptions,
  removeSubscription,
} from "../../src/storage/subscription.repository.ts";

const filter = (
  keywords: string[],
  extra: Partial<SubscriptionFilter> = {},
): SubscriptionFilter => ({ ...EMPTY_FILTER, keywords, ...extra });

const chat = { platform: "telegram", chatId: "-100", threadId: null, createdBy: "1" };

describe("subscription repository", () => {
  let db: Database;
  beforeEach(async () => {
    db = openDatabase(":memory:");
    await migrateToLatest(db);
  });
  afterEach(() => db.destroy());

  it("adds once per chat, topic and filter (keyword order does not matter)", async () => {
    const a = await addSubscription(
      db,
      { ...chat, filterText: "养老 社区", filter: filter(["养老", "社区"]) },
      10,
    );
    const b = await addSubscription(
      db,
      { ...chat, filterText: "社区 养老", filter: filter(["社区", "养老"]) },
      20,
    );
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.id).toBe(a.id);
    const inTopic = await addSubscription(
      db,
      { ...chat, threadId: "77", filterText: "养老 社区", filter: filter(["养老", "社区"]) },
      30,
    );
    expect(inTopic.created).toBe(true);
    expect(inTopic.threadId).toBe("77");
    const other = await addSubscription(
      db,
      { ...chat, filterText: "养老 2024年", filter: filter(["养老"], { year: 2024 }) },
      40,
    );
    expect(other.created).toBe(true);
    const listed = await listSubscriptions(db, "telegram", "-100");
    expect(listed.map((s) => s.id)).toEqual([a.id, inTopic.id, other.id]);
    expect(listed[0]?.filter.keywords).toEqual(["养老", "社区"]);
    expect(listed[0]?.createdAt).toBe(10);
    expect(await listSubscriptions(db, "feishu", "-100")).toEqual([]);
  });

  it("removes one, drops its pending alerts, and lets the same filter be added anew", async () => {
    const a = await addSubscription(
      db,
      { ...chat, filterText: "养老", filter: filter(["养老"]) },
      10,
    );
    const b = await addSubscription(
      db,
      { ...chat, filterText: "教育", filter: filter(["教育"]) },
      10,
    );
    const outbox = (subscription_id: number, state: string, reply_id: number) =>
      ({
        reply_id,
        reply_version: 1,
        subscription_id,
        platform: "telegram",
        chat_id: "-100",
        thread_id: null,
        revised: 0,
        changes: null,
        section_position: null,
        state,
        due_at: 0,
        claimed_by: null,
        claim_until: null,
        attempts: 0,
        send_key: `k${subscription_id}-${reply_id}`,
        sent_at: null,
        last_error: null,
        created_at: 0,
      }) as unknown as AlertOutboxTable;
    await db
      .withTables<AlertTables>()
      .insertInto("alert_outbox")
      .values([outbox(a.id, "pending", 1), outbox(a.id, "sent", 2), outbox(b.id, "pending", 1)])
      .execute();
    expect(await removeSubscription(db, "telegram", "-200", a.id, 50)).toBe(false);
    expect(await removeSubscription(db, "telegram", "-100", a.id, 50)).toBe(true);
    expect(await removeSubscription(db, "telegram", "-100", a.id, 60)).toBe(false);
    const rows = await db
      .withTables<AlertTables>()
      .selectFrom("alert_outbox")
      .select(["subscription_id", "state"])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.state)).toEqual(["dropped", "sent", "pending"]);
    const ended = await db
      .withTables<AlertTables>()
      .selectFrom("subscription")
      .selectAll()
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect([ended.status, ended.status_reason, ended.status_at]).toEqual([
      "inactive",
      "unsubscribed",
      50,
    ]);
    expect((await listSubscriptions(db, "telegram", "-100")).map((s) => s.id)).toEqual([b.id]);
    const again = await addSubscription(
      db,
      { ...chat, filterText: "养老", filter: filter(["养老"]) },
      70,
    );
    expect(again.created).toBe(true);
    expect(await removeAllSubscriptions(db, "telegram", "-100", 80)).toBe(2);
    expect(await listSubscriptions(db, "telegram", "-100")).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startStatePruning } from "../../src/answering/conversation.ts";
import {
  createSendProgressStore,
  pruneSendProgress,
  SEND_PROGRESS_KEEP_MS,
} from "../../src/storage/alert-send-progress.repository.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";

let db: Database;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

const NOW = 1_800_000_000_000;

describe("alert send progress", () => {
  it("keeps each message's confirmed parts by key, replaced as parts go and cleared on request", async () => {
    const store = createSendProgressStore(db, () => NOW);
    expect(await store.get("k1")).toBeNull();
    await store.save("k1", { parts: 1, firstMessageId: "501" });
    await store.save("k2", { parts: 1, firstMessageId: "601" });
    await store.save("k1", { parts: 2, firstMessageId: "501" });
    expect(await store.get("k1")).toEqual({ parts: 2, firstMessageId: "501" });
    await store.clear("k1");
    expect(await store.get("k1")).toBeNull();
    expect(await store.get("k2")).toEqual({ parts: 1, firstMessageId: "601" });
  });

  it("prunes progress older than the keep time, by itself and with the chat state, keeping recent rows", async () => {
    let clock = NOW - SEND_PROGRESS_KEEP_MS - 1;
    const store = createSendProgressStore(db, () => clock);
    await store.save("old", { parts: 1, firstMessageId: "1" });
    clock = NOW - 1000;
    await store.save("recent", { parts: 2, firstMessageId: "2" });
    await store.save("old2", { parts: 1, firstMessageId: "3" });
    clock = NOW - SEND_PROGRESS_KEEP_MS - 1;
    await store.save("old2", { parts: 1, firstMessageId: "3" });
    expect(await pruneSendProgress(db, NOW)).toBe(2);
    expect(await store.get("recent")).not.toBeNull();

    clock = NOW - SEND_PROGRESS_KEEP_MS - 5;
    await store.save("stale", { parts: 1, firstMessageId: "4" });
    const pruning = startStatePruning(db, { now: () => NOW });
    await pruning.ready;
    pruning.stop();
    expect(await store.get("stale")).toBeNull();
    expect(await store.get("recent")).toEqual({ parts: 2, firstMessageId: "2" });
  });
});

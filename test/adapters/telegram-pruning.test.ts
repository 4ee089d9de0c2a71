import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startStatePruning } from "../../src/answering/conversation.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import {
  createResultSet,
  getResultSet,
  RESULT_SET_TTL_MS,
} from "../../src/storage/result-set.repository.ts";
import { claimUpdate, HANDLED_UPDATE_TTL_MS } from "../../src/storage/update-dedupe.repository.ts";

let db: Database;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

const NOW = 1_800_000_000_000;
const chat = { platform: "telegram", chatId: "1", userId: null, query: "q", page: 1 };

describe("chat state pruning", () => {
  it("prunes expired result sets and old update ids at start, keeping live ones", async () => {
    const old = await createResultSet(db, chat, NOW - RESULT_SET_TTL_MS - 1);
    const live = await createResultSet(db, chat, NOW - 1000);
    await claimUpdate(db, "telegram", "1", NOW - HANDLED_UPDATE_TTL_MS - 1);
    await claimUpdate(db, "telegram", "2", NOW - 1000);
    const pruning = startStatePruning(db, { now: () => NOW });
    await pruning.ready;
    pruning.stop();
    const rows = await db
      .withTables<{ result_set: { id: string }; handled_update: { update_id: string } }>()
      .selectFrom("result_set")
      .select("id")
      .execute();
    expect(rows.map((r) => r.id)).toEqual([live.id]);
    expect(await getResultSet(db, old.id, 0)).toBeUndefined();
    // The old id was forgotten (claimable again); the recent one was not.
    expect(await claimUpdate(db, "telegram", "1", NOW)).toBe(true);
    expect(await claimUpdate(db, "telegram", "2", NOW)).toBe(false);
  });
});

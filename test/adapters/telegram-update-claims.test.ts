import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import {
  claimUpdate,
  finishUpdate,
  UPDATE_LEASE_MS,
} from "../../src/storage/update-dedupe.repository.ts";

let db: Database;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;

/** One delivery of an update: claimed, handled, and finished unless the process "dies" first. */
async function deliver(id: string, at: number, crash = false): Promise<boolean> {
  if (!(await claimUpdate(db, "telegram", id, at, UPDATE_LEASE_MS))) return false;
  if (!crash) await finishUpdate(db, "telegram", id, at);
  return true;
}

describe("update claims", () => {
  it("hands an update that crashed mid-answer out again once the lease has passed", async () => {
    expect(await deliver("41", T0, true)).toBe(true);
    // Redelivered while the first answer may still be running: dropped.
    expect(await deliver("41", T0 + MINUTE)).toBe(false);
    // Redelivered after the lease (the process was killed): handled, then finished.
    expect(await deliver("41", T0 + 6 * MINUTE)).toBe(true);
    expect(await deliver("41", T0 + 20 * MINUTE)).toBe(false);
  });

  it("never hands a finished update out again", async () => {
    expect(await deliver("42", T0)).toBe(true);
    expect(await deliver("42", T0 + MINUTE)).toBe(false);
    expect(await deliver("42", T0 + 60 * MINUTE)).toBe(false);
  });

  it("keeps a claim without a lease for good (callers that never finish)", async () => {
    expect(await claimUpdate(db, "feishu", "e1", T0)).toBe(true);
    expect(await claimUpdate(db, "feishu", "e1", T0 + 60 * MINUTE)).toBe(false);
  });
});

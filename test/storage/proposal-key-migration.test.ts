import { Migrator } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lookupReference, replyLabel } from "../../src/lookup/lookup.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import * as replies from "../../src/storage/migrations/2026-11-22-0001-replies.ts";
import * as replyVersion from "../../src/storage/migrations/2026-11-22-0002-reply-version.ts";
import * as replyPlace from "../../src/storage/migrations/2026-11-22-0003-reply-place.ts";

let db: Database;
beforeEach(() => {
  db = openDatabase(":memory:");
});
afterEach(() => db.destroy());

/** A database as the release before migration 0004 left it, with one reply in it. */
async function legacyDatabase(): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        "2026-11-22-0001-replies": replies,
        "2026-11-22-0002-reply-version": replyVersion,
        "2026-11-22-0003-reply-place": replyPlace,
      }),
    },
  });
  const { error } = await migrator.migrateToLatest();
  expect(error).toBeUndefined();
  await db
    .insertInto("reply")
    .values({
      reply_key: "沪科提复〔2023〕45号",
      doc_number: "沪科提复〔2023〕45号",
      doc_prefix_key: "沪科提复",
      doc_year: 2023,
      doc_serial: 45,
      issuer: "上海市科学技术委员会",
      reply_kind: "答复",
      proposal_kind: "提案",
      session: "市政协十四届一次会议",
      session_body: "政协",
      session_level: "市",
      session_term: 14,
      session_meeting: 1,
      proposal_number: "0539",
      proposal_no: 539,
      proposers: "[]",
      cc: "[]",
      source_file: "a.md",
      content_hash: "x",
      ingested_at: "2024-01-01T00:00:00.000Z",
      updated_at: "2024-01-01T00:00:00.000Z",
    } as never)
    .execute();
}

describe("migration 0004 (proposal numbers as text)", () => {
  it("fills the comparable keys of replies stored before it, so they are still found", async () => {
    await legacyDatabase();
    await migrateToLatest(db);
    const row = await db
      .selectFrom("reply")
      .select(["proposal_key", "doc_serial_key"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ proposal_key: "539", doc_serial_key: "45" });
    for (const typed of [
      "第0539号提案",
      "市政协十四届一次会议第539号提案",
      "沪科提复〔2023〕45号",
    ]) {
      const r = await lookupReference(db, typed);
      expect(r?.found && replyLabel(r.reply), typed).toBe("沪科提复〔2023〕45号");
    }
  });
});

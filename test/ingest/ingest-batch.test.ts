import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestPaths, STORE_BATCH } from "../../src/ingest/ingest.ts";
import type { Database } from "../../src/storage/database.ts";
import { corpusVersion } from "../../src/storage/meta.repository.ts";
import { outbox, subscribe } from "../alerts/alert-fixtures.ts";
import { openTempDatabase } from "../helpers/database.ts";
import { type FixtureReply, writeFixtureReplies } from "../helpers/fixture-replies.ts";

/**
 * ingestPaths stores files a batch at a time in one transaction, each reply
 * under a savepoint of its own: what a file-per-transaction ingest gave
 * must still hold across batches and within one.
 */

let db: Database;
let dir: string;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, dir, close } = await openTempDatabase());
});
afterEach(() => close());

/** More replies than two batches hold, so batches are full, and the last one is not. */
const COUNT = STORE_BATCH * 2 + 7;

function replies(marked: ReadonlySet<number>): FixtureReply[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    docNumber: `沪批复〔2025〕${i + 1}号`,
    number: String(2000 + i),
    title: `关于第${i + 1}项养老服务工作的建议`,
    topics: [
      ["养老服务", `本市已建成养老服务设施${10 + i}处${marked.has(i) ? "（保存失败测试）" : ""}。`],
    ],
    date: "2025-06-01",
  }));
}

describe("ingest in batches", () => {
  // 0: every file in a transaction of its own (the time cap cuts every batch after one file).
  it.each([
    ["one transaction per batch", undefined],
    ["batches cut by the time cap", 0],
  ])(
    "a reply whose save fails mid-batch is undone alone; the rest is stored, each logged in order (%s)",
    async (_, batchWriteMs) => {
      const failing = new Set([3, STORE_BATCH + 5]);
      const folder = path.join(dir, "replies");
      writeFixtureReplies(folder, replies(failing));
      // Files sort by name: reply-10.md comes before reply-2.md; "reply-1x.txt" falls among them.
      writeFileSync(path.join(folder, "reply-1x.txt"), "");
      await sql`create trigger fail_marked before insert on reply_section
      when new.body like '%保存失败测试%'
      begin select raise(abort, 'simulated failure'); end`.execute(db);

      const report = await ingestPaths(db, [folder], { batchWriteMs });

      expect(report).toMatchObject({ added: COUNT - 2, failed: 3, revised: 0, unchanged: 0 });
      const failed = report.results.filter((r) => r.outcome === "failed");
      expect(failed.map((r) => path.basename(r.file)).sort()).toEqual(
        ["reply-1x.txt", `reply-${STORE_BATCH + 5}.md`, "reply-3.md"].sort(),
      );
      expect(failed.filter((r) => r.errorCode === "DATABASE")).toHaveLength(2);
      // Nothing of a failed reply is left: no reply row, no sections.
      const stored = await db.selectFrom("reply").select(["reply_key", "source_file"]).execute();
      expect(stored).toHaveLength(COUNT - 2);
      expect(stored.map((r) => r.source_file)).not.toContain("reply-3.md");
      const orphans = await sql<{ n: number }>`select count(*) as n from reply_section
      where reply_id not in (select id from reply)`.execute(db);
      expect(orphans.rows[0]?.n).toBe(0);
      expect(await corpusVersion(db)).toBe(COUNT - 2);
      // One log entry per file, in the order the report gives them.
      const log = await db
        .selectFrom("ingest_log")
        .select(["file", "outcome"])
        .orderBy("id")
        .execute();
      expect(log.map((l) => [l.file, l.outcome])).toEqual(
        report.results.map((r) => [r.file, r.outcome]),
      );
    },
  );

  it("every reply of a batch enqueues its own alerts; a second ingest finds every reply unchanged", async () => {
    await subscribe(db, "100", "养老服务");
    const folder = path.join(dir, "replies");
    writeFixtureReplies(folder, replies(new Set()));

    const first = await ingestPaths(db, [folder]);
    expect(first.added).toBe(COUNT);
    const rows = await outbox(db);
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.reply_id)).size).toBe(COUNT);

    const again = await ingestPaths(db, [folder]);
    expect(again).toMatchObject({ added: 0, unchanged: COUNT, failed: 0 });
    expect(await outbox(db)).toHaveLength(COUNT);
  });
});

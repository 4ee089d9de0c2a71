import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { type Database, migrateToLatest } from "../../src/storage/database.ts";
import { recentIngests } from "../../src/storage/ingest-log.repository.ts";
import { countReplies, getReply, listReplies } from "../../src/storage/reply.repository.ts";
import { CORPUS_DIR, corpusFile } from "../helpers/corpus.ts";
import { openTempDatabase } from "../helpers/database.ts";

let db: Database;
let dir: string;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, dir, close } = await openTempDatabase());
});
afterEach(() => close());

/** Copies the bundled corpus into a folder of the test's own. */
function corpusCopy(): string {
  const copy = path.join(dir, "corpus");
  mkdirSync(copy, { recursive: true });
  for (const f of readdirSync(CORPUS_DIR))
    copyFileSync(path.join(CORPUS_DIR, f), path.join(copy, f));
  return copy;
}

async function replyByNumber(docNumber: string) {
  const row = await db
    .selectFrom("reply")
    .select("id")
    .where("doc_number", "=", docNumber)
    .executeTakeFirstOrThrow();
  const reply = await getReply(db, row.id);
  if (!reply) throw new Error("missing");
  return reply;
}

describe("database", () => {
  it("runs in WAL mode and migrates idempotently", async () => {
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    expect(rows[0]?.journal_mode).toBe("wal");
    await migrateToLatest(db);
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(["reply", "reply_section", "ingest_log", "meta", "kysely_migration"]),
    );
  });
});

describe("ingest", () => {
  it("adds the five bundled replies with their sections and logs each file", async () => {
    const report = await ingestPaths(db, [CORPUS_DIR]);
    expect(report).toMatchObject({ added: 5, revised: 0, unchanged: 0, failed: 0 });
    expect(await countReplies(db)).toBe(5);
    const reply = await replyByNumber("杨府〔2023〕6号");
    expect(reply.sections).toHaveLength(7);
    expect(reply.sections[1]?.subsections).toHaveLength(3);
    expect(reply.revision).toBe(1);
    const log = await recentIngests(db);
    expect(log.map((l) => l.outcome)).toEqual(Array(5).fill("added"));
  });

  it("changes nothing when the same content comes again, in any file or format", async () => {
    await ingestPaths(db, [CORPUS_DIR]);
    const before = await listReplies(db);
    const again = await ingestPaths(db, [CORPUS_DIR]);
    expect(again).toMatchObject({ added: 0, revised: 0, unchanged: 5, failed: 0 });
    // The same reply under another name and as HTML is still the same reply.
    const seed = corpusFile("沪科提复-2023-45");
    const html = `<html><body>${seed.text
      .split(/\n\s*\n/)
      .map((p) => `<p>${p}</p>`)
      .join("")}</body></html>`;
    writeFileSync(path.join(dir, "copy.html"), html);
    const copy = await ingestPaths(db, [path.join(dir, "copy.html")]);
    expect(copy.unchanged).toBe(1);
    expect(await listReplies(db)).toEqual(before);
  });

  it("records a changed file with the same 文号 as a revision that replaces the reply", async () => {
    const corpus = corpusCopy();
    await ingestPaths(db, [corpus]);
    const original = await replyByNumber("沪科建复〔2024〕43号");
    const file = path.join(corpus, corpusFile("沪科建复-2024-43").name);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("达成对接意向 1408 项", "达成对接意向 1500 项"),
    );

    const report = await ingestPaths(db, [corpus]);
    expect(report).toMatchObject({ added: 0, revised: 1, unchanged: 4, failed: 0 });
    const revised = await replyByNumber("沪科建复〔2024〕43号");
    expect(revised.id).toBe(original.id);
    expect(revised.revision).toBe(2);
    expect(revised.sections).toHaveLength(original.sections.length);
    expect(revised.sections[1]?.text).toContain("达成对接意向1500项");
    expect(revised.sections[1]?.text).not.toContain("1408");
    const sectionRows = await db
      .selectFrom("reply_section")
      .select("id")
      .where("reply_id", "=", original.id)
      .execute();
    expect(sectionRows).toHaveLength(original.sections.length);
  });

  it("keeps each reply's source: its path relative to the folder ingested, or its file name", async () => {
    const corpus = corpusCopy();
    const nested = path.join(corpus, "2024", "科委");
    mkdirSync(nested, { recursive: true });
    const seed = corpusFile("沪科提复-2023-45");
    writeFileSync(
      path.join(nested, "reply.md"),
      seed.text.replace("沪科提复〔2023〕45号", "沪科提复〔2023〕99号"),
    );
    await ingestPaths(db, [corpus]);
    expect((await replyByNumber("沪科提复〔2023〕99号")).sourceFile).toBe("2024/科委/reply.md");
    expect((await replyByNumber("沪科提复〔2023〕45号")).sourceFile).toBe(seed.name);

    const single = path.join(dir, "elsewhere", "single.md");
    mkdirSync(path.dirname(single), { recursive: true });
    writeFileSync(single, seed.text.replace("沪科提复〔2023〕45号", "沪科提复〔2023〕98号"));
    await ingestPaths(db, [single]);
    expect((await replyByNumber("沪科提复〔2023〕98号")).sourceFile).toBe("single.md");
  });

  it("reports each broken file by name with its reason and still ingests the rest", async () => {
    const corpus = corpusCopy();
    const seed = corpusFile("沪科提复-2023-45");
    writeFileSync(path.join(corpus, "empty.txt"), "");
    writeFileSync(
      path.join(corpus, "scan.md"),
      Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 0, 0]),
    );
    writeFileSync(path.join(corpus, "truncated.txt"), seed.text.slice(0, 1500));
    writeFileSync(path.join(corpus, "page.html"), "<html><body><p>页面不存在</p></body></html>");
    writeFileSync(path.join(corpus, "notes.pdf"), "ignored: not a reply file type");

    const report = await ingestPaths(db, [corpus, path.join(dir, "missing-folder")]);
    expect(report).toMatchObject({ added: 5, failed: 5 });
    const failures = Object.fromEntries(
      report.results
        .filter((r) => r.outcome === "failed")
        .map((r) => [path.basename(r.file), r.errorCode]),
    );
    expect(failures).toEqual({
      "empty.txt": "FILE_EMPTY",
      "scan.md": "FILE_BINARY",
      "truncated.txt": "FILE_TRUNCATED",
      "page.html": "NOT_A_REPLY",
      "missing-folder": "FILE_UNREADABLE",
    });
    for (const r of report.results.filter((x) => x.outcome === "failed"))
      expect(r.message).toMatch(/\p{Script=Han}/u);
    const logged = (await recentIngests(db)).filter((l) => l.outcome === "failed");
    expect(logged).toHaveLength(4); // the missing folder is reported but has no file to log
  });

  it("keeps the old reply whole when saving a revision fails midway", async () => {
    const corpus = corpusCopy();
    await ingestPaths(db, [corpus]);
    const original = await replyByNumber("沪科提复〔2022〕8号");
    // A trigger makes the third section insert fail, after the reply row was updated.
    await sql`create trigger fail_midway before insert on reply_section
      when new.position = 2 and new.body like '%崩溃测试%'
      begin select raise(abort, 'simulated crash'); end`.execute(db);
    const file = path.join(corpus, corpusFile("沪科提复-2022-8").name);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "重构上海国际技术商城",
        "重构上海国际技术商城（崩溃测试）",
      ),
    );

    const report = await ingestPaths(db, [file]);
    expect(report.results[0]).toMatchObject({ outcome: "failed", errorCode: "DATABASE" });
    expect(await replyByNumber("沪科提复〔2022〕8号")).toEqual(original);
  });
});

import { appendFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CorpusWatcher } from "../../src/ingest/corpus-watcher.ts";
import type { IngestFileResult } from "../../src/ingest/ingest.ts";
import { corpusVersion } from "../../src/storage/meta.repository.ts";
import { outbox, subscribe, topicReply, writeReply } from "../alerts/alert-fixtures.ts";
import { tempDir } from "../helpers/corpus.ts";
import { until } from "../helpers/until.ts";
import { openWatchedApp, type WatchedApp } from "../helpers/watched-app.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const watchedApp = (dir: string, debounceMs: number, extra: { rescanMs?: number } = {}) =>
  openWatchedApp(dir, cleanups, { debounceMs, ...extra });

function newDir(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}

const resultFor = (w: WatchedApp, name: string) => w.results.filter((r) => r.file.endsWith(name));

describe("corpus watcher", () => {
  it("a dropped file is ingested, enqueued and searchable; a changed file becomes a revision", async () => {
    const w = await watchedApp(newDir(), 200);
    await subscribe(w.app.db, "100", "养老服务");
    await subscribe(w.app.db, "200", "垃圾分类");

    writeReply(w.corpus, "a.md", topicReply(1, "养老服务"));
    await until(() => resultFor(w, "a.md").length > 0, "a.md ingested");
    expect(resultFor(w, "a.md").map((r) => r.outcome)).toEqual(["added"]);
    const version = await corpusVersion(w.app.db);
    await until(() => w.app.follower.current.version === version, "index caught up");
    const rows = await until(async () => {
      const all = await outbox(w.app.db);
      return all.length > 0 && all;
    }, "outbox row");
    expect(rows.map((r) => [r.chat_id, r.revised])).toEqual([["100", 0]]);

    writeReply(w.corpus, "a.md", topicReply(1, "养老服务", { figure: 15 }));
    await until(() => resultFor(w, "a.md").length > 1, "a.md revised");
    expect(resultFor(w, "a.md").map((r) => r.outcome)).toEqual(["added", "revised"]);
    const after = await outbox(w.app.db);
    expect(after.map((r) => [r.chat_id, r.revised])).toEqual([
      ["100", 0],
      ["100", 1],
    ]);
  }, 60_000);

  it("a file written in pieces, over longer than the debounce window, is taken once, whole", async () => {
    const w = await watchedApp(newDir(), 1500);
    const text = topicReply(2, "养老服务");
    const file = path.join(w.corpus, "halves.md");
    // Ten pieces 300 ms apart: each pause is far shorter than the window (a slow machine
    // may stretch a pause), the whole write longer.
    const size = Math.ceil(text.length / 10);
    writeFileSync(file, text.slice(0, size));
    for (let at = size; at < text.length; at += size) {
      await new Promise((r) => setTimeout(r, 300));
      appendFileSync(file, text.slice(at, at + size));
    }
    await until(() => resultFor(w, "halves.md").length > 0, "halves.md ingested");
    expect(resultFor(w, "halves.md").map((r) => r.outcome)).toEqual(["added"]);
    const log = await w.app.db.selectFrom("ingest_log").select("outcome").execute();
    expect(log.filter((l) => l.outcome === "failed")).toEqual([]);
    const sections = await w.app.db.selectFrom("reply_section").select("title").execute();
    expect(sections.map((s) => s.title)).toContain("下阶段工作");
  }, 60_000);

  it("a file that is not a reply is reported once, and again only when it changes", async () => {
    const w = await watchedApp(newDir(), 200);
    const notes = path.join(w.corpus, "notes.md");
    writeFileSync(notes, "会议纪要\n\n今天讨论了下周的安排。\n");
    await until(() => resultFor(w, "notes.md").length > 0, "notes.md reported");
    // Rewritten with the same bytes (a new time), then a real reply: the reply is taken, the notes not again.
    writeFileSync(notes, "会议纪要\n\n今天讨论了下周的安排。\n");
    writeReply(w.corpus, "b.md", topicReply(3, "城市更新"));
    await until(() => resultFor(w, "b.md").length > 0, "b.md ingested");
    expect(resultFor(w, "notes.md").map((r) => r.outcome)).toEqual(["failed"]);
    // A file cut short (not yet a reply) is tried again on its next change.
    writeFileSync(notes, topicReply(4, "城市更新"));
    await until(() => resultFor(w, "notes.md").length > 1, "notes.md retried");
    expect(resultFor(w, "notes.md").map((r) => r.outcome)).toEqual(["failed", "added"]);
  }, 60_000);

  it("a folder moved in whole: its files are taken from the watch event, before any rescan", async () => {
    const dir = newDir();
    const w = await watchedApp(dir, 200, { rescanMs: 600_000 });
    const outside = path.join(dir, "outside");
    mkdirSync(outside);
    writeReply(outside, "c.md", topicReply(5, "养老服务"));
    writeReply(outside, "d.md", topicReply(6, "垃圾分类"));
    renameSync(outside, path.join(w.corpus, "batch"));
    await until(() => w.results.length >= 2, "both files ingested");
    expect(w.results.map((r) => [path.basename(r.file), r.outcome]).sort()).toEqual([
      ["c.md", "added"],
      ["d.md", "added"],
    ]);
  }, 60_000);

  it("on start, takes files added or changed while the bot was stopped, and no others", async () => {
    const dir = newDir();
    const first = await watchedApp(dir, 200);
    writeReply(first.corpus, "a.md", topicReply(1, "养老服务"));
    await until(() => resultFor(first, "a.md").length > 0, "a.md ingested");
    await first.app.close();

    writeReply(first.corpus, "b.md", topicReply(2, "垃圾分类"));
    const second = await watchedApp(dir, 200);
    await until(() => resultFor(second, "b.md").length > 0, "b.md ingested at start");
    expect(second.results.map((r) => [path.basename(r.file), r.outcome])).toEqual([
      ["b.md", "added"],
    ]);
  }, 60_000);

  it("the rescan finds files when there are no watch events (a folder created later)", async () => {
    const dir = path.join(newDir(), "later");
    const results: IngestFileResult[] = [];
    const watcher = new CorpusWatcher({
      dir,
      debounceMs: 100,
      rescanMs: 200,
      ingest: async (file) => ({ file, outcome: "added" }),
      onResult: (r) => results.push(r),
      onError: () => undefined,
    });
    await watcher.start();
    cleanups.push(() => watcher.stop());
    mkdirSync(path.join(dir, "sub"), { recursive: true });
    writeFileSync(path.join(dir, "sub", "x.md"), "x");
    writeFileSync(path.join(dir, "sub", ".hidden.md"), "x");
    writeFileSync(path.join(dir, "sub", "y.pdf"), "x");
    await until(() => results.length > 0, "rescan");
    expect(results.map((r) => path.relative(dir, r.file))).toEqual([path.join("sub", "x.md")]);
  }, 30_000);
});

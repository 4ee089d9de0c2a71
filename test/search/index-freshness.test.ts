import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerer } from "../../src/answering/answerer.ts";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { buildInWorker } from "../../src/search/index-build.ts";
import { IndexFollower } from "../../src/search/index-follower.ts";
import { buildCorpusIndex, INDEX_SNAPSHOT_FILE } from "../../src/search/index-store.ts";
import { SearchService } from "../../src/search/search-service.ts";
import { DATABASE_FILE, openDataDirDatabase } from "../../src/storage/database.ts";
import { corpusVersion } from "../../src/storage/meta.repository.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";
import { fixtureReplyText } from "../helpers/fixture-replies.ts";

const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

function setup() {
  const t = tempDir();
  temps.push(t.cleanup);
  const config = loadConfig({
    DAFU_DATA_DIR: path.join(t.dir, "data"),
    DAFU_CORPUS_DIR: CORPUS_DIR,
    DAFU_LOG_LEVEL: "silent",
  });
  return { dir: t.dir, config };
}

const newReply = (figure: string) =>
  fixtureReplyText({
    docNumber: "沪测复〔2025〕3号",
    number: "0777",
    title: "关于建设低空经济示范区的建议",
    topics: [["低空经济", `本市已开通无人机物流航线${figure}条，起降点覆盖五个新城。`]],
    date: "2025-03-01",
  });

describe("search index freshness", () => {
  it("answers from a new or revised reply without a restart", async () => {
    const { dir, config } = setup();
    const app = await openApp(config);
    const answerer = createAnswerer(app);
    const file = path.join(dir, "new.md");
    expect((await answerer.answer({ text: "无人机物流航线开通了多少条" })).kind).toBe("no_answer");

    writeFileSync(file, newReply("46"));
    expect((await app.ingest([file])).added).toBe(1);
    const first = await answerer.answer({ text: "无人机物流航线开通了多少条" });
    expect(first.kind === "answer" && first.items[0]?.excerpt).toContain("46条");

    writeFileSync(file, newReply("58"));
    expect((await app.ingest([file])).revised).toBe(1);
    const second = await answerer.answer({ text: "无人机物流航线开通了多少条" });
    expect(second.kind === "answer" && second.items.map((i) => i.excerpt).join()).toContain("58条");
    expect(second.kind === "answer" && second.items.map((i) => i.excerpt).join()).not.toContain(
      "46条",
    );
    await app.close();
  });

  it("picks up replies another process ingested while it runs, in the background", async () => {
    const { dir, config } = setup();
    const bot = await openApp(config, { followIntervalMs: 20 });
    const answerer = createAnswerer(bot);
    writeFileSync(path.join(dir, "new.md"), newReply("46"));
    // A CLI ingest in another process: its own connection to the same database.
    const cli = await openDataDirDatabase(config.dataDir);
    await ingestPaths(cli, [path.join(dir, "new.md")]);
    const written = await corpusVersion(cli);
    await cli.destroy();
    // No question forces it: the follower's timer takes the write in.
    await bot.follower.whenVersion(written);
    const reply = await answerer.answer({ text: "无人机物流航线开通了多少条" });
    expect(reply.kind === "answer" && reply.items[0]?.excerpt).toContain("46条");
    expect(await bot.search.catchUp(true)).toBe(0);
    await bot.close();
  });

  it("loads the snapshot when current, and rebuilds it when stale or damaged", async () => {
    const { dir, config } = setup();
    const first = await openApp(config);
    expect(first.indexSource).toBe("built");
    await first.close();
    const snapshot = path.join(config.dataDir, INDEX_SNAPSHOT_FILE);
    expect(existsSync(snapshot)).toBe(true);

    const second = await openApp(config);
    expect(second.indexSource).toBe("snapshot");
    expect(second.search.index.size).toBe(27);
    await second.close();

    // Another process changes the corpus behind the snapshot's back.
    writeFileSync(path.join(dir, "new.md"), newReply("46"));
    const db = await openDataDirDatabase(config.dataDir);
    await ingestPaths(db, [path.join(dir, "new.md")]);
    await db.destroy();
    const third = await openApp(config);
    expect(third.indexSource).toBe("built");
    const answer = await createAnswerer(third).answer({ text: "无人机物流航线开通了多少条" });
    expect(answer.kind).toBe("answer");
    await third.close();

    writeFileSync(snapshot, readFileSync(snapshot, "utf8").slice(0, 100));
    const fourth = await openApp(config);
    expect(fourth.indexSource).toBe("built");
    await fourth.close();
  });
});

describe("index follower", () => {
  it("answers from the last consistent index while a rebuild runs, then swaps", async () => {
    const { dir, config } = setup();
    const app = await openApp(config, { follow: false });
    writeFileSync(path.join(dir, "new.md"), newReply("46"));
    const other = await openDataDirDatabase(config.dataDir);
    await ingestPaths(other, [path.join(dir, "new.md")]);
    await other.destroy();

    // A follower that rebuilds on any change, held inside its rebuild until released.
    let release = () => {};
    let entered = () => {};
    const inRebuild = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const reader = await openDataDirDatabase(config.dataDir);
    const follower = new IndexFollower(reader, app.follower.current, {
      bulkReplies: 0,
      bulkShare: 0,
      build: {
        afterCatalog: () =>
          new Promise<void>((resolve) => {
            release = resolve;
            entered();
          }),
      },
    });
    const bot: App = { ...app, search: new SearchService(app.db, follower) };
    const syncing = follower.sync();
    await inRebuild;
    // The question is answered while the rebuild waits: from the index as it was.
    const during = await createAnswerer(bot).answer({ text: "无人机物流航线开通了多少条" });
    expect(during.kind).toBe("no_answer");
    expect(bot.search.index.size).toBe(27);
    release();
    expect(await syncing).toMatchObject({ rebuilt: true });
    const after = await createAnswerer(bot).answer({ text: "无人机物流航线开通了多少条" });
    expect(after.kind === "answer" && after.items[0]?.excerpt).toContain("46条");
    await reader.destroy();
    await app.close();
  });

  it("rebuilds when a reply disappears from the database", async () => {
    const { config } = setup();
    const app = await openApp(config, { follow: false });
    const other = await openDataDirDatabase(config.dataDir);
    const gone = await other
      .selectFrom("reply")
      .select("id")
      .where("doc_number", "=", "沪科提复〔2022〕8号")
      .executeTakeFirstOrThrow();
    await other.deleteFrom("reply_section").where("reply_id", "=", gone.id).execute();
    await other.deleteFrom("reply").where("id", "=", gone.id).execute();
    await other.destroy();
    expect(await app.follower.sync()).toMatchObject({ rebuilt: true, replies: 4 });
    expect(app.search.catalog.replies.has(gone.id)).toBe(false);
    await app.close();
  });

  it("rebuilds when a reply was removed and another added, the count unchanged", async () => {
    const { dir, config } = setup();
    const app = await openApp(config, { follow: false });
    const other = await openDataDirDatabase(config.dataDir);
    const gone = await other
      .selectFrom("reply")
      .select("id")
      .where("doc_number", "=", "沪科提复〔2022〕8号")
      .executeTakeFirstOrThrow();
    await other.deleteFrom("reply_section").where("reply_id", "=", gone.id).execute();
    await other.deleteFrom("reply").where("id", "=", gone.id).execute();
    writeFileSync(path.join(dir, "new.md"), newReply("46"));
    await ingestPaths(other, [path.join(dir, "new.md")]);
    await other.destroy();
    expect(await app.follower.sync()).toMatchObject({ rebuilt: true, replies: 5 });
    expect(app.search.catalog.replies.has(gone.id)).toBe(false);
    const reply = await createAnswerer(app).answer({ text: "无人机物流航线开通了多少条" });
    expect(reply.kind === "answer" && reply.items[0]?.excerpt).toContain("46条");
    await app.close();
  });
});

describe("index snapshot on close", () => {
  it("is saved once when the index changed, so the next start loads it", async () => {
    const { dir, config } = setup();
    const app = await openApp(config, { follow: false });
    writeFileSync(path.join(dir, "new.md"), newReply("46"));
    await app.ingest([path.join(dir, "new.md")]);
    await app.close();
    const next = await openApp(config, { follow: false });
    expect(next.indexSource).toBe("snapshot");
    const reply = await createAnswerer(next).answer({ text: "无人机物流航线开通了多少条" });
    expect(reply.kind === "answer" && reply.items[0]?.excerpt).toContain("46条");
    await next.close();
  });
});

describe("index build in a worker thread", () => {
  it("gives the same catalog, fingerprint and answers as a build in this thread", async () => {
    const { config } = setup();
    const app = await openApp(config, { follow: false });
    const file = path.join(config.dataDir, DATABASE_FILE);
    const elsewhere = await buildInWorker(file);
    const reader = await openDataDirDatabase(config.dataDir);
    const here = await buildCorpusIndex(reader);
    await reader.destroy();
    expect(elsewhere.version).toBe(here.version);
    expect(elsewhere.databaseId).toBe(here.databaseId);
    expect(elsewhere.catalog.fingerprint(elsewhere.version)).toEqual(
      here.catalog.fingerprint(here.version),
    );
    expect([...elsewhere.catalog.sections.keys()]).toEqual([...here.catalog.sections.keys()]);
    const terms = ["高新", "技术", "企业", "沪科"];
    expect(elsewhere.index.search(terms)).toEqual(here.index.search(terms));
    await app.close();
  });
});

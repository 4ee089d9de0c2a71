import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerer } from "../../src/answering/answerer.ts";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { buildInWorker } from "../../src/search/index-build.ts";
import type { CompactionPolicy } from "../../src/search/index-engine.ts";
import { IndexFollower } from "../../src/search/index-follower.ts";
import { buildCorpusIndex, type CorpusIndex } from "../../src/search/index-store.ts";
import { SearchService } from "../../src/search/search-service.ts";
import { SectionIndex } from "../../src/search/section-index.ts";
import { DATABASE_FILE, type Database, openDataDirDatabase } from "../../src/storage/database.ts";
import { corpusVersion } from "../../src/storage/meta.repository.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";
import { fixtureReplyText } from "../helpers/fixture-replies.ts";

const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** The default policy's shape, scaled to the five bundled replies (27 sections). */
const SMALL: CompactionPolicy = { minChurn: 20, churnShare: 0.25 };

const QUESTION = "无人机物流航线开通了多少条";

const revision = (figure: number, number = "0777", doc = "沪测复〔2025〕3号") =>
  fixtureReplyText({
    docNumber: doc,
    number,
    title: "关于建设低空经济示范区的建议",
    topics: [
      ["低空经济", `本市已开通无人机物流航线${figure}条，起降点覆盖五个新城。`],
      ["配套设施", `建成通用机场${figure % 7}个，培育企业${figure}家。`],
    ],
    date: "2025-03-01",
  });

/** Opens an app over the bundled replies and a follower of its own with a small policy and a held worker build. */
async function setup(elsewhere?: (file: string, signal?: AbortSignal) => Promise<CorpusIndex>) {
  const t = tempDir();
  temps.push(t.cleanup);
  const config = loadConfig({
    DAFU_DATA_DIR: path.join(t.dir, "data"),
    DAFU_CORPUS_DIR: CORPUS_DIR,
    DAFU_LOG_LEVEL: "silent",
  });
  const app = await openApp(config, { follow: false });
  const reader = await openDataDirDatabase(config.dataDir);
  const gate = held();
  const built = held<number>();
  let builds = 0;
  const errors: unknown[] = [];
  const follower = new IndexFollower(reader, app.follower.current, {
    compaction: SMALL,
    onError: (error) => errors.push(error),
    buildElsewhere: async (signal) => {
      builds++;
      if (elsewhere) return elsewhere(path.join(config.dataDir, DATABASE_FILE), signal);
      const done = await buildInWorker(path.join(config.dataDir, DATABASE_FILE));
      built.release(done.version);
      await gate.promise;
      return done;
    },
  });
  const bot: App = { ...app, search: new SearchService(app.db, follower) };
  const file = path.join(t.dir, "churn.md");
  /** Writes a revision of the churned reply and takes it in, as the process's own ingest does. */
  const revise = async (figure: number) => {
    writeFileSync(file, revision(figure));
    const report = await ingestPaths(app.db, [file]);
    expect(report.added + report.revised).toBe(1);
    await follower.sync();
  };
  const close = async () => {
    gate.release();
    await follower.stop();
    await reader.destroy();
    await app.close();
  };
  return {
    t,
    app,
    bot,
    reader,
    follower,
    gate,
    built,
    revise,
    errors,
    close,
    builds: () => builds,
  };
}

function held<T = void>() {
  let release: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    release = resolve;
  });
  return { promise, release: (value?: T) => release(value as T) };
}

async function excerpts(app: App): Promise<string> {
  const answer = await createAnswerer(app).answer({ text: QUESTION });
  return answer.kind === "answer" ? answer.items.map((i) => i.excerpt).join("\n") : "";
}

/** Every score of some queries equals a fresh build's, to 1e-9, and the statistics are a fresh build's. */
function expectLikeFresh(index: SectionIndex, fresh: CorpusIndex): void {
  expect(index.size).toBe(fresh.index.size);
  expect(index.statistics()).toEqual(fresh.index.statistics());
  const queries = [
    ["无人", "航线"],
    ["低空", "经济", "企业"],
    ["高新", "技术", "企业", "沪科"],
    ["起降"],
  ];
  for (const terms of queries) {
    const mine = index.search(terms, { limit: 10_000 });
    const want = new Map(fresh.index.search(terms, { limit: 10_000 }).map((m) => [m.id, m.score]));
    expect(mine.map((m) => m.id).sort()).toEqual([...want.keys()].sort());
    for (const m of mine) expect(Math.abs(m.score - (want.get(m.id) as number))).toBeLessThan(1e-9);
  }
}

async function freshBuild(db: Database): Promise<CorpusIndex> {
  return buildCorpusIndex(db);
}

describe("compaction off the request path", () => {
  it("never compacts the live index inline; swaps in a packed rebuild made in the background, losing no write", async () => {
    const s = await setup();
    // Revise one reply until its churn passes the policy: the live index keeps every spent id meanwhile.
    let figure = 40;
    await s.revise(figure);
    while (!s.follower.index.compactionDue(SMALL)) await s.revise(++figure);
    const churned = s.follower.index;
    expect(churned.footprint().compactions).toBe(0);
    expect(churned.footprint().churn).toBeGreaterThanOrEqual(SMALL.minChurn);

    // The follower has started a background rebuild; it is held after reading the database.
    const rebuiltAt = await s.built.promise;
    expect(rebuiltAt).toBe(s.follower.version);

    // Writes during the rebuild: the process's own revisions and a new reply, each taken in at once.
    await s.revise(++figure);
    await s.revise(++figure);
    const other = path.join(s.t.dir, "other.md");
    writeFileSync(other, revision(7, "0888", "沪测复〔2025〕9号").replace("低空经济", "通用航空"));
    await ingestPaths(s.app.db, [other]);
    await s.follower.sync();
    expect(s.follower.version).toBeGreaterThan(rebuiltAt);

    // Questions meanwhile are answered from the live index, which has every write.
    expect(s.follower.index).toBe(churned);
    const during = await excerpts(s.bot);
    expect(during).toContain(`${figure}条`);
    expect(during).not.toContain(`${figure - 1}条`);
    expect(churned.footprint().compactions).toBe(0);

    s.gate.release();
    expect(await s.follower.whenCompacted()).toBe(true);
    const compacted = s.follower.index;
    expect(compacted).not.toBe(churned);
    expect(s.builds()).toBe(1);

    // Packed: only the writes re-applied after the rebuild left spent ids, far below the policy.
    const after = compacted.footprint();
    expect(after.churn).toBeLessThan(churned.footprint().churn);
    expect(after.nextId - after.documents).toBeLessThanOrEqual(3 * 4);
    expect(compacted.compactionDue(SMALL)).toBe(false);

    // No write lost, and scores are a fresh build's.
    const latest = await corpusVersion(s.app.db);
    expect(s.follower.version).toBe(latest);
    const fresh = await freshBuild(s.reader);
    expect(s.follower.catalog.fingerprint(latest)).toEqual(fresh.catalog.fingerprint(latest));
    expectLikeFresh(compacted, fresh);
    const answer = await excerpts(s.bot);
    expect(answer).toContain(`${figure}条`);
    expect(answer).not.toContain(`${figure - 1}条`);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it("drops the rebuild when a reply is removed during it, and stays exact", async () => {
    const s = await setup();
    let figure = 40;
    await s.revise(figure);
    while (!s.follower.index.compactionDue(SMALL)) await s.revise(++figure);
    await s.built.promise;
    // Another process removes a reply while the rebuild is held: only a full rebuild takes that in.
    const gone = await s.app.db
      .selectFrom("reply")
      .select("id")
      .where("doc_number", "=", "沪科提复〔2022〕8号")
      .executeTakeFirstOrThrow();
    await s.app.db.deleteFrom("reply_section").where("reply_id", "=", gone.id).execute();
    await s.app.db.deleteFrom("reply").where("id", "=", gone.id).execute();
    s.gate.release();
    expect(await s.follower.whenCompacted()).toBe(false);
    expect(await s.follower.sync()).toMatchObject({ rebuilt: true });
    expect(s.follower.catalog.replies.has(gone.id)).toBe(false);
    expectLikeFresh(s.follower.index, await freshBuild(s.reader));
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it("the live index's default plan never compacts inline, however much it churns", () => {
    const index = SectionIndex.empty();
    const reply = {
      id: 1,
      docNumber: "沪测复〔2025〕3号",
      issuer: "上海市测试委员会",
      proposers: [],
    } as unknown as Parameters<SectionIndex["addReply"]>[0];
    for (let id = 1; id <= 1_200; id++) {
      index.removeSections([id - 1]);
      index.addReply(reply, [{ id, title: "低空经济", text: `无人机物流航线${id}条` }]);
    }
    // Past the default policy (2,000 ids spent): due, but left to the follower's background rebuild.
    expect(index.compactionDue()).toBe(true);
    expect(index.footprint()).toMatchObject({ compactions: 0, documents: 1, nextId: 1_200 });
  });

  it("stopping cancels the background build: closing never waits for a compaction", async () => {
    const outcomes: Promise<string>[] = [];
    const s = await setup((file, signal) => {
      const building = buildInWorker(file, signal);
      outcomes.push(
        building.then(
          () => "built",
          (error: Error) => error.message,
        ),
      );
      return building;
    });
    let figure = 40;
    await s.revise(figure);
    while (!s.follower.index.compactionDue(SMALL)) await s.revise(++figure);
    const churned = s.follower.index;
    expect(s.builds()).toBe(1);
    await s.follower.stop();
    expect(await Promise.all(outcomes)).toEqual(["index build cancelled"]);
    expect(await s.follower.whenCompacted()).toBe(false);
    expect(s.follower.index).toBe(churned);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it("does not compact when the policy is off", async () => {
    const s = await setup();
    const follower = new IndexFollower(s.reader, s.follower.current, { compaction: false });
    for (let figure = 40; figure < 52; figure++) {
      writeFileSync(path.join(s.t.dir, "churn.md"), revision(figure));
      await ingestPaths(s.app.db, [path.join(s.t.dir, "churn.md")]);
      await follower.sync();
    }
    expect(follower.index.compactionDue(SMALL)).toBe(true);
    expect(await follower.whenCompacted()).toBe(false);
    expect(follower.index.footprint().compactions).toBe(0);
    expectLikeFresh(follower.index, await freshBuild(s.reader));
    await follower.stop();
    await s.close();
  });
});

import { rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerer } from "../../src/answering/answerer.ts";
import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { INDEX_SNAPSHOT_FILE } from "../../src/search/index-store.ts";
import { SectionIndex } from "../../src/search/section-index.ts";
import {
  readSnapshotFile,
  type SnapshotStamp,
  writeSnapshotFile,
} from "../../src/search/snapshot-file.ts";
import { DATABASE_FILE, openDataDirDatabase } from "../../src/storage/database.ts";
import { tempDir } from "../helpers/corpus.ts";
import { type FixtureReply, writeFixtureReplies } from "../helpers/fixture-replies.ts";

const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** Three replies about `topic`, each with its own figure. */
function corpus(topic: string, unit: string, base: number): FixtureReply[] {
  return [1, 2, 3].map((n) => ({
    docNumber: `沪测复〔2025〕${n}号`,
    number: `010${n}`,
    title: `关于发展${topic}的建议`,
    topics: [[topic, `本市${topic}已建成${base + n}${unit}，覆盖全部新城。`]],
    date: `2025-03-0${n}`,
  }));
}

function setup() {
  const t = tempDir();
  temps.push(t.cleanup);
  const folder = (name: string, replies: FixtureReply[]) => {
    const dir = path.join(t.dir, name);
    writeFixtureReplies(dir, replies);
    return dir;
  };
  const config = (corpusDir: string) =>
    loadConfig({
      DAFU_DATA_DIR: path.join(t.dir, "data"),
      DAFU_CORPUS_DIR: corpusDir,
      DAFU_LOG_LEVEL: "silent",
    });
  return { dir: t.dir, folder, config };
}

async function answerText(app: App, question: string): Promise<string> {
  const reply = await createAnswerer(app).answer({ text: question });
  return reply.kind === "answer" ? reply.items.map((i) => i.excerpt).join(" | ") : reply.kind;
}

/** Deletes the database (and its WAL), leaving the snapshot beside it. */
function deleteDatabase(dataDir: string): void {
  for (const suffix of ["", "-wal", "-shm"]) {
    rmSync(path.join(dataDir, `${DATABASE_FILE}${suffix}`), { force: true });
  }
}

describe("a snapshot belongs to one database", () => {
  it("is not used by a new database that reached the same version with another corpus", async () => {
    const { folder, config } = setup();
    const first = config(folder("a", corpus("无人机航线", "条", 40)));
    const old = await openApp(first);
    expect(old.search.corpusVersion).toBe(3);
    expect(await answerText(old, "无人机航线建成了多少条")).toContain("41条");
    await old.close();

    deleteDatabase(first.dataDir);
    const second = config(folder("b", corpus("充电桩", "座", 70)));
    const fresh = await openApp(second);
    expect(fresh.search.corpusVersion).toBe(3);
    expect(fresh.indexSource).toBe("built");
    expect(await answerText(fresh, "充电桩建成了多少座")).toContain("71座");
    expect(await answerText(fresh, "无人机航线建成了多少条")).not.toContain("41条");
    await fresh.close();
  });

  it("is not used by a new database even when it holds the same replies", async () => {
    const { folder, config } = setup();
    const settings = config(folder("a", corpus("无人机航线", "条", 40)));
    await (await openApp(settings)).close();
    const again = await openApp(settings);
    expect(again.indexSource).toBe("snapshot");
    await again.close();

    deleteDatabase(settings.dataDir);
    const recreated = await openApp(settings);
    expect(recreated.indexSource).toBe("built");
    await recreated.close();
  });

  it("never claims a reply committed while the index was being loaded", async () => {
    const { folder, config } = setup();
    const settings = config(folder("a", corpus("无人机航线", "条", 40)));
    await (await openApp(settings)).close();
    const late = folder("late", [
      {
        docNumber: "沪测复〔2025〕9号",
        number: "0199",
        title: "关于建设海上风电的建议",
        topics: [["海上风电", "本市海上风电装机已达到128万千瓦。"]],
        date: "2025-04-01",
      },
    ]);
    rmSync(path.join(settings.dataDir, INDEX_SNAPSHOT_FILE));

    // Another process commits a reply after the catalog is read, before the version is.
    const app = await openApp(settings, {
      follow: false,
      build: {
        afterCatalog: async () => {
          const other = await openDataDirDatabase(settings.dataDir);
          await ingestPaths(other, [late]);
          await other.destroy();
        },
      },
    });
    // The index says what it holds: the version before that reply, so catch-up takes it in.
    expect(app.search.corpusVersion).toBe(3);
    // The snapshot saved at start describes the index without the reply: another start does not trust it.
    const meanwhile = await openApp(settings, { follow: false });
    expect(meanwhile.indexSource).toBe("built");
    expect(await answerText(meanwhile, "海上风电装机达到多少")).toContain("128万千瓦");
    await meanwhile.close();

    expect(await app.search.catchUp(true)).toBe(1);
    expect(await answerText(app, "海上风电装机达到多少")).toContain("128万千瓦");
    await app.close();
  });
});

describe("snapshot stamp", () => {
  const stamp: SnapshotStamp = {
    format: 3,
    recipe: "3:1:abc",
    databaseId: "db-1",
    corpus: { replies: 2, version: 5, checksum: "c1" },
  };
  const variants: [string, SnapshotStamp][] = [
    ["format", { ...stamp, format: 2 }],
    ["recipe", { ...stamp, recipe: "3:2:abc" }],
    ["database", { ...stamp, databaseId: "db-2" }],
    ["reply count", { ...stamp, corpus: { ...stamp.corpus, replies: 3 } }],
    ["version", { ...stamp, corpus: { ...stamp.corpus, version: 6 } }],
    ["checksum", { ...stamp, corpus: { ...stamp.corpus, checksum: "c2" } }],
  ];

  it.each(variants)("rejects a snapshot whose %s differs", (_, other) => {
    const { dir } = setup();
    const file = path.join(dir, "index.bin");
    writeSnapshotFile(file, SectionIndex.empty().toSnapshot(), stamp);
    expect(readSnapshotFile(file, stamp)).not.toBeNull();
    expect(readSnapshotFile(file, other)).toBeNull();
  });
});

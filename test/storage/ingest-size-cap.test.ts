import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { recentIngests } from "../../src/storage/ingest-log.repository.ts";
import { CORPUS_DIR, corpusFile, tempDir } from "../helpers/corpus.ts";

const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe("file size cap", () => {
  it("refuses a file over DAFU_MAX_FILE_MB with a clear error and ingests the rest", async () => {
    const { dir, cleanup } = tempDir();
    temps.push(cleanup);
    const folder = path.join(dir, "replies");
    mkdirSync(folder);
    for (const f of readdirSync(CORPUS_DIR))
      copyFileSync(path.join(CORPUS_DIR, f), path.join(folder, f));
    // A real reply padded past 1 MB: it would parse, but it is over the cap.
    const seed = corpusFile("沪科提复-2023-45").text;
    writeFileSync(path.join(folder, "huge.md"), `${seed}\n\n${"附件说明。".repeat(80_000)}`);

    const config = loadConfig({
      DAFU_DATA_DIR: path.join(dir, "data"),
      DAFU_CORPUS_DIR: folder,
      DAFU_LOG_LEVEL: "silent",
      DAFU_MAX_FILE_MB: "1",
    });
    const app = await openApp(config, { ingestWhenEmpty: false, follow: false });
    const report = await app.ingest([folder]);
    expect(report).toMatchObject({ added: 5, failed: 1 });
    const refused = report.results.find((r) => r.outcome === "failed");
    expect(refused?.file).toMatch(/huge\.md$/);
    expect(refused?.errorCode).toBe("FILE_TOO_LARGE");
    expect(refused?.message).toMatch(/文件过大.*上限 1 MB/);
    const logged = (await recentIngests(app.db)).find((l) => l.outcome === "failed");
    expect(logged).toMatchObject({ errorCode: "FILE_TOO_LARGE" });
    await app.close();
  });

  it("defaults to 20 MB and rejects a cap that is not a positive number", () => {
    expect(loadConfig({}).maxFileMb).toBe(20);
    expect(() => loadConfig({ DAFU_MAX_FILE_MB: "0" })).toThrow(/DAFU_MAX_FILE_MB/);
    expect(() => loadConfig({ DAFU_MAX_FILE_MB: "lots" })).toThrow(/DAFU_MAX_FILE_MB/);
  });
});

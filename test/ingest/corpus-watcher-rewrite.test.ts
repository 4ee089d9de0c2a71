import { utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CorpusWatcher } from "../../src/ingest/corpus-watcher.ts";
import type { IngestFileResult } from "../../src/ingest/ingest.ts";
import { tempDir } from "../helpers/corpus.ts";
import { until } from "../helpers/until.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A file written again while the watcher was ingesting it: the race that made
 * the folder test report one file twice. The fake ingest rewrites the file
 * itself, so the timing is the same on every run.
 */
describe("corpus watcher, a file written again while it is ingested", () => {
  async function watcherRewritingOnce(rewrite: (file: string) => void) {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, "notes.md");
    writeFileSync(file, "会议纪要\n");
    const seen: string[] = [];
    let rewritten = false;
    const watcher = new CorpusWatcher({
      dir,
      debounceMs: 50,
      rescanMs: 100,
      initial: "all",
      ingest: async (f, source): Promise<IngestFileResult> => {
        if (!rewritten) {
          rewritten = true;
          rewrite(f);
        }
        return { file: f, outcome: "failed", errorCode: "NOT_A_REPLY", message: source };
      },
      onResult: (r) => seen.push(r.outcome),
    });
    cleanups.push(() => watcher.stop());
    await watcher.start();
    return { file, seen };
  }

  it("the same bytes with a new time are not taken again", async () => {
    const later = new Date(Date.now() + 5_000);
    const { seen } = await watcherRewritingOnce((f) => {
      writeFileSync(f, "会议纪要\n");
      utimesSync(f, later, later);
    });
    await until(() => seen.length > 0, "first result");
    // Several rescans and the watch event for the rewrite have had their turn.
    await new Promise((r) => setTimeout(r, 600));
    expect(seen).toEqual(["failed"]);
  });

  it("other bytes are taken again", async () => {
    const { seen } = await watcherRewritingOnce((f) =>
      writeFileSync(f, "会议纪要\n\n补充一段。\n"),
    );
    await until(() => seen.length > 1, "second result");
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toEqual(["failed", "failed"]);
  });
});

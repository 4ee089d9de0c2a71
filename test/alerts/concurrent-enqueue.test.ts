import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { IngestReport } from "../../src/ingest/ingest.ts";
import { openDataDirDatabase } from "../../src/storage/database.ts";
import { tempDir } from "../helpers/corpus.ts";
import { outbox, subscribe, topicReply, writeReply } from "./alert-fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FILES = 60;
const TOPICS = ["养老服务", "垃圾分类", "城市更新"];
const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** `npm run --silent cli -- ingest <folder> --json` as its own process. */
function ingestProcess(folder: string, dataDir: string): Promise<IngestReport> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "cli", "--", "ingest", folder, "--json"], {
      cwd: ROOT,
      env: { ...process.env, DAFU_DATA_DIR: dataDir, DAFU_LOG_LEVEL: "warn" },
    });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    let err = "";
    child.stderr.on("data", (c) => {
      err += c;
    });
    child.on("error", reject);
    child.on("close", () => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line) as IngestReport);
      else reject(new Error(`ingest printed no report: ${err.slice(-2000)}`));
    });
  });
}

function writeAll(folder: string, figure: number) {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < FILES; i++)
    writeReply(folder, `r-${i}.md`, topicReply(i + 1, TOPICS[i % 3] as string, { figure }));
}

describe.each([2, 3])("%i CLI ingest processes with subscriptions present", (processes) => {
  it("write every outbox row exactly once, for additions and for revisions", async () => {
    const { dir, cleanup } = tempDir();
    temps.push(cleanup);
    const folder = path.join(dir, "replies");
    const dataDir = path.join(dir, "data");
    const db = await openDataDirDatabase(dataDir);
    try {
      const all = await subscribe(db, "1", "");
      const elderly = await subscribe(db, "2", "养老服务");
      await subscribe(db, "3", "低空经济");
      const expected = (revised: number) => {
        const perReply = (i: number) => (TOPICS[i % 3] === "养老服务" ? 2 : 1);
        const rows = Array.from({ length: FILES }, (_, i) => perReply(i));
        return rows.reduce((a, b) => a + b, 0) * revised;
      };

      for (const [round, figure] of [
        [1, 10],
        [2, 11],
      ] as const) {
        writeAll(folder, figure);
        const reports = await Promise.all(
          Array.from({ length: processes }, () => ingestProcess(folder, dataDir)),
        );
        for (const report of reports) expect(report?.failed).toBe(0);
        const stored = reports.reduce((sum, r) => sum + (r?.added ?? 0) + (r?.revised ?? 0), 0);
        expect(stored).toBe(FILES);

        const rows = await outbox(db);
        expect(rows).toHaveLength(expected(round));
        const keys = rows.map((r) => `${r.reply_id}/${r.reply_version}/${r.subscription_id}`);
        expect(new Set(keys).size).toBe(rows.length);
        expect(new Set(rows.map((r) => r.send_key)).size).toBe(rows.length);
        // Each row names the version the reply had when that row was written.
        const versions = await db.selectFrom("reply").select(["id", "version"]).execute();
        const current = new Map(versions.map((v) => [v.id, v.version]));
        const latest = rows.filter((r) => r.reply_version === current.get(r.reply_id));
        expect(latest).toHaveLength(expected(1));
        expect(latest.filter((r) => r.revised === (round === 2 ? 1 : 0))).toHaveLength(expected(1));
        expect(new Set(rows.map((r) => r.subscription_id))).toEqual(new Set([all, elderly]));
      }
    } finally {
      await db.destroy();
    }
  }, 180_000);
});

describe("the bot's watcher and a CLI ingest storing the same new files at once", () => {
  it("enqueue each alert once", async () => {
    const { dir, cleanup } = tempDir();
    temps.push(cleanup);
    const corpus = path.join(dir, "corpus");
    const dataDir = path.join(dir, "data");
    mkdirSync(corpus, { recursive: true });
    const config = loadConfig({
      DAFU_DATA_DIR: dataDir,
      DAFU_CORPUS_DIR: corpus,
      DAFU_LOG_LEVEL: "silent",
      DAFU_WATCH_DEBOUNCE_MS: "100",
    });
    const app = await openApp(config, { follow: false, watch: true });
    try {
      await subscribe(app.db, "1", "");
      await subscribe(app.db, "2", "养老服务");
      writeAll(corpus, 10);
      const report = await ingestProcess(corpus, dataDir);
      expect(report.failed).toBe(0);
      const expected = FILES + FILES / 3;
      const deadline = Date.now() + 60_000;
      // The watcher finds the files unchanged or stores some first; either way, rows once each.
      while ((await app.db.selectFrom("ingest_log").select("id").execute()).length < 2 * FILES) {
        if (Date.now() > deadline) throw new Error("the watcher did not see every file");
        await new Promise((r) => setTimeout(r, 100));
      }
      const rows = await outbox(app.db);
      expect(rows).toHaveLength(expected);
      const keys = new Set(rows.map((r) => `${r.reply_id}/${r.subscription_id}`));
      expect(keys.size).toBe(expected);
    } finally {
      await app.close();
    }
  }, 120_000);
});

import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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

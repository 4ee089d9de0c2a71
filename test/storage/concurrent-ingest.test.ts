import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { IngestReport } from "../../src/ingest/ingest.ts";
import { openDataDirDatabase } from "../../src/storage/database.ts";
import { corpusVersion } from "../../src/storage/meta.repository.ts";
import { tempDir } from "../helpers/corpus.ts";
import { type FixtureReply, writeFixtureReplies } from "../helpers/fixture-replies.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FILES = 160;
const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

const TOPICS = ["科技金融", "人才引进", "养老服务", "垃圾分类", "城市更新", "数字政务", "低空经济"];

/** Small replies that differ in 文号, proposal number, topic and figures. */
function replies(count: number): FixtureReply[] {
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length] as string;
    return {
      docNumber: `沪测复〔2025〕${i + 1}号`,
      number: String(1000 + i).padStart(4, "0"),
      title: `关于推进${topic}第${i + 1}项工作的建议`,
      topics: [
        [topic, `本市已建成${topic}项目${10 + i}个，累计投入资金${(i * 1.7).toFixed(1)}亿元。`],
        ["工作机制", `第${i + 1}批试点覆盖${3 + (i % 9)}个区，惠及企业${200 + i * 3}家。`],
      ],
      date: `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
    };
  });
}

/** `cli ingest <folder> --json` as its own process. */
function ingestProcess(
  folder: string,
  dataDir: string,
): Promise<{ code: number | null; report: IngestReport | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "src/cli.ts"), "ingest", folder, "--json"],
      { cwd: ROOT, env: { ...process.env, DAFU_DATA_DIR: dataDir, DAFU_LOG_LEVEL: "info" } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      err += c;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      resolve({ code, report: line ? (JSON.parse(line) as IngestReport) : null, err });
    });
  });
}

async function ingestAtOnce(processes: number) {
  const { dir, cleanup } = tempDir();
  temps.push(cleanup);
  const folder = path.join(dir, "replies");
  const dataDir = path.join(dir, "data");
  writeFixtureReplies(folder, replies(FILES));
  // All spawned at once on a database none of them has created yet.
  const runs = await Promise.all(
    Array.from({ length: processes }, () => ingestProcess(folder, dataDir)),
  );
  const db = await openDataDirDatabase(dataDir);
  try {
    const stored = await db.selectFrom("reply").select(["reply_key", "revision"]).execute();
    const log = await db.selectFrom("ingest_log").select(["file", "outcome"]).execute();
    return { runs, stored, log, version: await corpusVersion(db) };
  } finally {
    await db.destroy();
  }
}

describe.each([2, 3])("%i ingest processes on the same files at once", (processes) => {
  it("store every reply exactly once, log every file and exit 0", async () => {
    const { runs, stored, log, version } = await ingestAtOnce(processes);

    for (const run of runs) {
      expect(run.err).not.toMatch(/locked|busy|失败/i);
      expect(run.code).toBe(0);
      expect(run.report).toMatchObject({ failed: 0, revised: 0 });
      expect((run.report?.added ?? 0) + (run.report?.unchanged ?? 0)).toBe(FILES);
    }
    // Each reply was added by exactly one process; the others found it unchanged.
    const added = runs.reduce((sum, run) => sum + (run.report?.added ?? 0), 0);
    expect(added).toBe(FILES);
    expect(stored).toHaveLength(FILES);
    expect(new Set(stored.map((r) => r.reply_key)).size).toBe(FILES);
    expect(stored.every((r) => r.revision === 1)).toBe(true);
    expect(version).toBe(FILES);

    // Every process logged every file, and no outcome is a failure.
    expect(log).toHaveLength(FILES * processes);
    const perFile = new Map<string, string[]>();
    for (const entry of log)
      perFile.set(entry.file, [...(perFile.get(entry.file) ?? []), entry.outcome]);
    expect(perFile.size).toBe(FILES);
    for (const outcomes of perFile.values()) {
      expect(outcomes.filter((o) => o === "added")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "unchanged")).toHaveLength(processes - 1);
    }
  }, 120_000);
});

import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.ts";
import { type DisclosureSite, startDisclosureSite } from "../fakes/disclosure-site.ts";
import { tempDir } from "../helpers/corpus.ts";

let site: DisclosureSite | undefined;
let temp: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await site?.close();
  temp?.cleanup();
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("sources command", () => {
  it("polls every source once with --once, then lists last success, last error, pages and replies", async () => {
    site = await startDisclosureSite({ generated: 2, pageSize: 10 });
    temp = tempDir("dafu-sources-cli-");
    const missing = "http://127.0.0.1:9/nothing/index.html";
    const env = {
      DAFU_DATA_DIR: path.join(temp.dir, "data"),
      DAFU_CORPUS_DIR: path.join(temp.dir, "empty"),
      DAFU_LOG_LEVEL: "silent",
      DAFU_SOURCES: `${site.listing},${missing}`,
      DAFU_SOURCE_TIMEOUT_S: "2",
    };
    const before = await cli(env, "sources");
    expect(before.code).toBe(0);
    expect(before.out).toContain("尚未轮询");
    const once = await cli(env, "sources", "--once");
    // One source failed (nothing listens on port 9): exit code 1 for cron, the other still polled.
    expect(once.code).toBe(1);
    expect(once.out).toContain("新增 2");
    expect(once.out).toMatch(/失败：network error/);
    const listed = await cli(env, "sources", "--json");
    const { sources } = JSON.parse(listed.out) as { sources: Record<string, unknown>[] };
    expect(sources.map((s) => s.address)).toEqual([site.listing, missing]);
    expect(sources[0]).toMatchObject({
      pagesKnown: 2,
      replyPages: 2,
      repliesIngested: 2,
      lastError: null,
    });
    expect(sources[0]?.lastSuccessAt).toEqual(expect.any(Number));
    expect(sources[1]).toMatchObject({
      consecutiveFailures: 1,
      pagesKnown: 0,
      lastSuccessAt: null,
    });
    const text = await cli(env, "sources");
    expect(text.out).toContain("已知页面 2 个，其中答复 2 个；累计入库 2 次");
    expect(text.out).toContain("连续失败 1 次");
    // The replies are searchable through the CLI at once.
    const list = await cli(env, "list");
    expect(list.out.split("\n")).toHaveLength(2);
  }, 20_000);

  it("says how to add a source when none is configured", async () => {
    temp = tempDir("dafu-sources-cli-");
    const env = {
      DAFU_DATA_DIR: temp.dir,
      DAFU_CORPUS_DIR: path.join(temp.dir, "empty"),
      DAFU_LOG_LEVEL: "silent",
    };
    const { code, out } = await cli(env, "sources");
    expect(code).toBe(0);
    expect(out).toContain("DAFU_SOURCES");
  });
});

import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/corpus.ts";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe("cli lookup", () => {
  it("ingests the bundled corpus on first use and prints the document as JSON", async () => {
    const { code, out } = await cli(dir, "lookup", "第0539号提案", "--json");
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.found).toBe(true);
    expect(json.document).toMatchObject({
      docNumber: "沪科提复〔2023〕45号",
      issuer: "上海市科学技术委员会",
      replyKind: "答复",
      proposalKind: "提案",
      session: "市政协十四届一次会议",
      proposalNumber: "0539",
      proposers: ["姜雪峰", "洪亮", "王彦"],
      proposalTitle: "关于产业与科学的桥梁机制建立的建议",
      date: "2023-05-16",
      result: null,
    });
    expect(json.document.sections[0]).toEqual({ title: "引言", kind: "opening", subsections: [] });
  });

  it("answers not found with suggestions and exit code 1", async () => {
    const { code, out } = await cli(dir, "lookup", "沪科提复〔2023〕46号", "--json");
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      found: false,
      reason: "not_found",
      suggestions: ["沪科提复〔2023〕45号", "沪科提复〔2024〕38号", "沪科提复〔2022〕8号"],
    });
  });

  it("prints a readable card, and says when the text is no reference", async () => {
    const found = await cli(dir, "lookup", "杨府", "2023", "6");
    expect(found.out.split("\n").slice(0, 3)).toEqual([
      "杨府〔2023〕6号 · 上海市 · 上海市杨浦区人民政府 · 2023-03-24",
      "对市十六届人大一次会议第0297号代表建议的会办意见",
      "建议：关于推动科技创新全链条融合发展，促进产业高质量发展的建议",
    ]);
    const notRef = await cli(dir, "lookup", "你好");
    expect(notRef.code).toBe(1);
    expect(notRef.out).toContain("不像文号");
  });
});

describe("cli list", () => {
  it("lists replies newest first, filtered by year and issuer (abbreviations too)", async () => {
    const all = JSON.parse((await cli(dir, "list", "--json")).out).replies;
    expect(all.map((r: { date: string }) => r.date)).toEqual([
      "2024-06-05",
      "2024-05-27",
      "2023-05-16",
      "2023-03-24",
      "2022-06-06",
    ]);
    const in2023 = JSON.parse((await cli(dir, "list", "--year", "2023", "--json")).out).replies;
    expect(in2023.map((r: { docNumber: string }) => r.docNumber)).toEqual([
      "沪科提复〔2023〕45号",
      "杨府〔2023〕6号",
    ]);
    const yangpu = JSON.parse((await cli(dir, "list", "--issuer", "杨浦区", "--json")).out).replies;
    expect(yangpu).toHaveLength(1);
    const kewei = JSON.parse((await cli(dir, "list", "--issuer", "市科委", "--json")).out).replies;
    expect(kewei).toHaveLength(4);
  });

  it("rejects a bad year with a usage error", async () => {
    const { code, err } = await cli(dir, "list", "--year", "23");
    expect(code).toBe(2);
    expect(err).toContain("--year");
  });
});

describe("cli ingest", () => {
  it("prints a summary line and exits 1 when a file failed", async () => {
    const first = await cli(dir, "ingest");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^新增 5 · 修订 0 · 未变 0 · 失败 0（共 5 个文件/);
    const again = await cli(dir, "ingest");
    expect(again.out).toMatch(/^新增 0 · 修订 0 · 未变 5 · 失败 0/);
    const bad = path.join(dir, "bad.txt");
    writeFileSync(bad, "");
    const failed = await cli(dir, "ingest", bad);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain("bad.txt：文件为空（FILE_EMPTY）");
    expect(failed.out).toMatch(/失败 1/);
  });

  it("shows usage for an unknown command", async () => {
    const { code, err } = await cli(dir, "frobnicate");
    expect(code).toBe(2);
    expect(err).toContain("未知命令");
  });
});

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.ts";
import { tempDir } from "../helpers/corpus.ts";

/** Replies from several places (see test/fixtures/lookup), plus one news story that is no reply. */
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/lookup");
const REPLY = path.join(FIXTURES, "chongyang-zhujian-36.txt");
const NOT_A_REPLY = path.join(FIXTURES, "news-not-a-reply.txt");

/** Fields every JSON reply carries, wherever it is printed. */
const REPLY_FIELDS = [
  "docNumber",
  "issuer",
  "issuers",
  "place",
  "replyKind",
  "proposalKind",
  "session",
  "proposalNumber",
  "proposers",
  "recipient",
  "proposalTitle",
  "date",
  "dateSource",
  "resultCategory",
  "resultLabel",
  "source",
];

const temp = tempDir();
afterAll(() => temp.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { DAFU_DATA_DIR: temp.dir, DAFU_CORPUS_DIR: FIXTURES, DAFU_LOG_LEVEL: "silent" },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function json(...argv: string[]) {
  const { code, out } = await cli(...argv, "--json");
  expect(out.split("\n")).toHaveLength(1);
  return { code, body: JSON.parse(out) };
}

beforeAll(async () => {
  await cli("ingest", FIXTURES);
});

describe("parse", () => {
  it("prints one reply's fields as one JSON object, with the path given as source", async () => {
    const { code, body } = await json("parse", REPLY);
    expect(code).toBe(0);
    expect(Object.keys(body)).toEqual(["document"]);
    expect(Object.keys(body.document)).toEqual(expect.arrayContaining(REPLY_FIELDS));
    expect(body.document).toMatchObject({
      docNumber: null,
      issuer: "崇阳县住房和城乡建设局",
      place: "崇阳县",
      session: "县十八届人大三次会议",
      proposalNumber: "36",
      source: REPLY,
    });
  });

  it("uses the same field names as lookup --json", async () => {
    const parsed = await json("parse", REPLY);
    const looked = await json("lookup", "崇阳县十八届人大三次会议第36号建议");
    expect(Object.keys(looked.body.document).sort()).toEqual(
      Object.keys(parsed.body.document).sort(),
    );
    expect(looked.body.document.source).toBe("chongyang-zhujian-36.txt");
  });

  it("exits 1 with an error object when the file is not a reply", async () => {
    const { code, body } = await json("parse", NOT_A_REPLY);
    expect(code).toBe(1);
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect(body.error.message).toMatch(/\p{Script=Han}/u);
  });

  it("prints readable fields without --json, and needs no database", async () => {
    const { code, out } = await cli("parse", REPLY);
    expect(code).toBe(0);
    expect(out).toContain("地方：崇阳县");
    expect(out).toContain("文号：—");
  });
});

describe("lookup --json", () => {
  it("lists the candidates of an ambiguous number with their fields and source", async () => {
    const { code, body } = await json("lookup", "第36号建议");
    expect(code).toBe(1);
    expect(body).toMatchObject({ found: false, reason: "ambiguous" });
    expect(body.suggestions).toHaveLength(2);
    for (const c of body.candidates)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(REPLY_FIELDS));
    expect(body.candidates.map((c: { place: string }) => c.place).sort()).toEqual([
      "崇阳县",
      "盐津县",
    ]);
  });

  it("shows the 会办意见 of the same district as related, with its source", async () => {
    const { code, body } = await json("lookup", "第0088号建议");
    expect(code).toBe(0);
    expect(body.found).toBe(true);
    expect(body.document.source).toBe("qingyang-jiaotong-0088.txt");
    expect(body.related).toHaveLength(1);
    expect(body.related[0]).toMatchObject({
      replyKind: "会办意见",
      place: "青羊区",
      source: "qingyang-jiaoyu-0088-huiban.txt",
    });
  });

  it("says not_found for nothing, never a near miss", async () => {
    const { code, body } = await json("lookup", "醴水字〔2022〕41号");
    expect(code).toBe(1);
    expect(body).toMatchObject({ found: false, reason: "not_found" });
    expect(body.candidates).toBeUndefined();
    const notRef = await json("lookup", "你好");
    expect(notRef.code).toBe(1);
    expect(notRef.body).toMatchObject({ found: false, reason: "not_found", suggestions: [] });
  });
});

describe("ask --json and list --json", () => {
  it("cites each result with source, 文号, place, issuer and date", async () => {
    const { body } = await json("ask", "白霓镇老旧小区雨污分流改造总投资多少");
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results[0]).toMatchObject({
      source: "chongyang-zhujian-36.txt",
      docNumber: null,
      place: "崇阳县",
      issuer: "崇阳县住房和城乡建设局",
      date: "2024-06-05",
    });
  });

  it("gives results [] when nothing answers", async () => {
    const { body } = await json("ask", "火星基地的氧气供应怎么解决");
    expect(body.results).toEqual([]);
  });

  it("lists replies with their source, and takes any --limit", async () => {
    const { code, body } = await json("list", "--limit", "100000");
    expect(code).toBe(0);
    expect(body.replies).toHaveLength(6);
    for (const r of body.replies)
      expect(Object.keys(r)).toEqual(expect.arrayContaining(REPLY_FIELDS));
    expect(body.replies.map((r: { source: string }) => r.source)).toContain("liling-shuili-41.txt");
  });

  it("filters by place, and by issuer within its own place", async () => {
    const sources = async (...argv: string[]) =>
      (await json("list", ...argv)).body.replies.map((r: { source: string }) => r.source).sort();
    expect(await sources("--place", "青羊区")).toEqual([
      "qingyang-jiaotong-0088.txt",
      "qingyang-jiaoyu-0088-huiban.txt",
    ]);
    expect(await sources("--place", "崇阳")).toEqual(["chongyang-zhujian-36.txt"]);
    expect(await sources("--issuer", "醴陵交通运输局")).toEqual(["liling-jiaotong-41.txt"]);
    expect(await sources("--issuer", "盐津县交通运输局")).toEqual([]);
  });

  it("lists a reply without 文号 by place, proposal number, issuer, title and date", async () => {
    const { out } = await cli("list", "--place", "崇阳");
    expect(out).toBe(
      "2024-06-05  崇阳县 县十八届人大三次会议第36号建议  崇阳县住房和城乡建设局  关于加快白霓镇老旧小区雨污分流改造的建议",
    );
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";

/** Replies in the layouts real disclosure pages use, with the fields a reader fills in. */
const DIR = path.resolve(import.meta.dirname, "../fixtures/variety");
/** Further layouts: greeting first, metadata-only date, joint signature, 协办, 议案, township, flattened page. */
const MORE = path.resolve(import.meta.dirname, "../fixtures/replies");

interface Expected extends Record<string, unknown> {
  readonly file: string;
  readonly sections: readonly string[];
}

function expectations(dir: string): Expected[] {
  return readFileSync(path.join(dir, "expected.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Expected);
}

function parse(file: string, dir = DIR): ReplyDocument {
  return parseReplyFile(file, readFileSync(path.join(dir, file)));
}

function pinEveryField(dir: string): void {
  for (const expected of expectations(dir)) {
    describe(expected.file, () => {
      const doc = parse(expected.file, dir);
      const { file: _file, sections, ...fields } = expected;

      it("reads every field as printed", () => {
        const actual = Object.fromEntries(
          Object.keys(fields).map((k) => [k, doc[k as keyof ReplyDocument]]),
        );
        expect(actual).toEqual(fields);
      });

      it("names each topic section by its distinctive words", () => {
        const titles = doc.sections.map((s) => s.title);
        for (const word of sections) expect(titles.some((t) => t.includes(word))).toBe(true);
      });

      it("keeps page furniture, signature and contact out of the body", () => {
        const text = doc.sections.map((s) => s.text).join("\n");
        expect(text).not.toMatch(
          /上一篇|下一篇|打印本页|关闭窗口|索引号|联系电话|抄送|提案原文|&[a-z]+;/,
        );
        expect(doc.sections.length).toBeGreaterThan(0);
      });
    });
  }
}

describe("replies from every level of government (variety set)", () => {
  it("has the sixteen example files", () => {
    expect(expectations(DIR)).toHaveLength(16);
  });
  pinEveryField(DIR);
});

describe("replies in further layouts", () => {
  pinEveryField(MORE);
});

describe("what each pass records", () => {
  it("dates a reply from its metadata when it carries no signing date", () => {
    const doc = parse("a10-quanzhou-wenlv-yejian.md");
    expect([doc.date, doc.dateSource]).toEqual(["2023-06-21", "metadata"]);
  });

  it("repairs a signing date that lost its 月 and 日", () => {
    const doc = parse("a14-zhuzhou-zhujian-dianti.txt");
    expect([doc.date, doc.dateSource]).toEqual(["2023-06-19", "signature"]);
  });

  it("reads a Chinese-numeral signing date", () => {
    expect(parse("a09-baipu-zhen-jianyi.txt").date).toBe("2022-07-01");
  });

  it("lists every body of a joint signature and keeps the appended proposal apart", () => {
    const doc = parse("a16-jiangbei-shangwu-gongshanglian.txt");
    expect(doc.issuers).toEqual(["重庆市江北区商务委员会", "重庆市江北区市场监督管理局"]);
    expect(doc.appendedProposal).toMatch(/^案由：关于加大个体工商户/);
    expect(doc.title).toBe(
      "关于加大个体工商户和小微企业帮扶力度的提案的答复 对区政协十三届二次会议第13047号提案的答复",
    );
  });

  it("joins a title wrapped over two lines", () => {
    expect(parse("a09-baipu-zhen-jianyi.txt").title).toBe(
      "关于白蒲镇第十八届人民代表大会第二次会议第5号代表建议的答复",
    );
  });

  it("reads a reply with no title, starting at the greeting", () => {
    const doc = parse("a11-huining-jiaoyu-gb18030.txt");
    expect([doc.title, doc.issuer, doc.dateSource]).toEqual([null, null, "signature"]);
  });

  it("reads the contact block in its several forms", () => {
    expect(parse("a03-tongshan-jiaotong-36.txt").contact).toEqual({
      name: "程卫东",
      phone: "0715-2362118",
      address: null,
      postcode: null,
    });
    expect(parse("a04-yongshan-weijian-36.txt").contact?.phone).toBe("0870-6622309");
    expect(parse("a15-songjiang-jiaowei-gongjiao.md").contact).toEqual({
      name: "沈佳文",
      phone: "37736815",
      address: "松江区荣乐东路2398号",
      postcode: "201613",
    });
  });

  it("reads 抄送 recipients", () => {
    expect(parse("a01-jiaotongbu-nongcun-keyun.txt").cc).toEqual(["贵州省交通运输厅"]);
  });
});

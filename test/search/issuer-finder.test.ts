import { describe, expect, it } from "vitest";
import { issuerMatches } from "../../src/documents/issuer-match.ts";
import { IssuerIndex, issuerIndexOf, issuerTest } from "../../src/search/issuer-finder.ts";

const ISSUERS = [
  "通山县交通运输局",
  "通山县人民政府",
  "永善县交通运输局",
  "上海市科学技术委员会",
  "上海市杨浦区科学技术委员会",
  "上海市杨浦区人民政府",
  "上海市教育委员会",
  "上海市黄浦区市场监督管理局",
  "株洲市科学技术局",
  "株洲市人民政府办公室",
  "湖南省教育厅",
  "浙江省农业农村厅",
  "成都市武侯区住房和城乡建设局",
  "成都市武侯区人民政府",
  "重庆市江北区教育委员会",
  "黔东南苗族侗族自治州民政局",
  "白蒲镇人民政府",
  "市交通委",
  "县卫生健康局",
  "区民政局",
  "教育部",
  "财政部",
  "国家卫生健康委员会",
  "中华人民共和国生态环境部",
];

/** Spans a question may hold: every piece of every issuer's name, and abbreviations. */
function spans(): string[] {
  const out = new Set([
    "市科委",
    "区科委",
    "县交通局",
    "上海科委",
    "杨浦",
    "镇人民政府",
    "省教育厅",
    "市教委",
    "区教委",
    "通山交通局",
    "永善交通局",
    "株洲科技局",
    "武侯区",
    "江北区",
    "黄浦区",
    "年市科委",
    "市监局",
    "卫健委",
    "乡政府",
    "人民政府",
    "政府",
    "民政局",
  ]);
  for (const name of ISSUERS)
    for (let start = 0; start < name.length; start++)
      for (let end = start + 2; end <= name.length; end++) out.add(name.slice(start, end));
  return [...out];
}

describe("IssuerIndex", () => {
  it("answers as asking every issuer, span by span", () => {
    const index = new IssuerIndex(ISSUERS);
    const differ = spans().filter(
      (span) => index.names(span) !== ISSUERS.some((issuer) => issuerMatches(issuer, span)),
    );
    expect(differ).toEqual([]);
  });

  it("lists the issuers a span names, as asking each of them", () => {
    const index = new IssuerIndex(ISSUERS);
    for (const span of spans())
      expect([...index.named(span)].sort(), span).toEqual(
        ISSUERS.filter((issuer) => issuerMatches(issuer, span)).sort(),
      );
    expect(index.named("市科委")).toEqual(new Set(["上海市科学技术委员会", "株洲市科学技术局"]));
  });

  it("finds an abbreviated issuer by place and level, and nothing for an unknown body", () => {
    const index = new IssuerIndex(ISSUERS);
    expect(index.names("区科委")).toBe(true);
    expect(index.names("通山交通局")).toBe(true);
    expect(index.names("株洲教育局")).toBe(false);
    expect(index.names("镇科委")).toBe(false);
    expect(index.names("局")).toBe(false);
  });

  it("keeps one index per issuer list and builds another when the list changes", () => {
    const before = ["株洲市科学技术局"];
    expect(issuerIndexOf(before)).toBe(issuerIndexOf(before));
    expect(issuerIndexOf(before).names("通山交通局")).toBe(false);
    const after = [...before, "通山县交通运输局"];
    expect(issuerIndexOf(after)).not.toBe(issuerIndexOf(before));
    expect(issuerIndexOf(after).names("通山交通局")).toBe(true);
  });

  it("tests any issuer name as issuerMatches does, listed or not", () => {
    const names = [...ISSUERS, "通山县民政局", "上海市科学技术委员会办公室", "永善县人民政府"];
    for (const span of ["市科委", "通山", "民政局", "县人民政府", "区教委"]) {
      const test = issuerTest(ISSUERS, span);
      expect(names.map(test), span).toEqual(names.map((name) => issuerMatches(name, span)));
    }
  });
});

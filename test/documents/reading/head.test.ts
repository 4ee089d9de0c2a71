import { describe, expect, it } from "vitest";
import { readHead } from "../../../src/documents/reading/head.ts";
import { findPrintedDocNumber } from "../../../src/documents/reading/printed-doc-number.ts";
import { toTextUnits } from "../../../src/documents/text-units.ts";

const head = (text: string) => readHead(toTextUnits(text));

describe("文号 as printed", () => {
  const cases: [string, string][] = [
    ["通交建复〔2024〕9号（B类）", "通交建复〔2024〕9号"],
    ["鄞卫函【2024】88号", "鄞卫函【2024】88号"],
    ["松交(2024)31号", "松交(2024)31号"],
    ["江北商务提复[2019]7号", "江北商务提复[2019]7号"],
    ["白政发〔2022〕18-5号A类", "白政发〔2022〕18-5号"],
    ["某某县人民政府文件某政发〔2012〕30-17号", "某政发〔2012〕30-17号"],
    ["沪科提复（２０２３）４５号", "沪科提复（2023）45号"],
  ];
  for (const [line, printed] of cases) {
    it(`reads ${line}`, () => {
      expect(findPrintedDocNumber(line)?.printed).toBe(printed);
    });
  }

  it("finds none in a title or a date", () => {
    expect(findPrintedDocNumber("关于县十八届人大三次会议第36号建议的答复")).toBeNull();
    expect(findPrintedDocNumber("2024年5月30日")).toBeNull();
  });
});

describe("the head of a reply", () => {
  it("reads letterhead, 文号 with its class, 签发人 and the title", () => {
    const h = head(
      "某某市水利局\n\n某水字〔2023〕41号　　　B1类　　同意公开\n\n签发人：张某\n\n对市政协十三届二次会议第0218号提案的答复",
    );
    expect(h).toMatchObject({
      letterhead: "某某市水利局",
      docNumber: "某水字〔2023〕41号",
      mark: { category: "B", label: "B1类" },
      signer: "张某",
      titles: ["对市政协十三届二次会议第0218号提案的答复"],
    });
  });

  it("keeps a labelled class on the 文号 line as printed", () => {
    expect(head("某农发〔2024〕22号　　　类别：D类").mark).toEqual({
      category: "D",
      label: "类别：D类",
    });
  });

  it("takes a title glued to the 文号", () => {
    const h = head("某教函〔2024〕52号关于区十九届人大三次会议第0156号建议的会办意见");
    expect(h.docNumber).toBe("某教函〔2024〕52号");
    expect(h.titles).toEqual(["关于区十九届人大三次会议第0156号建议的会办意见"]);
  });

  it("takes a title printed before its 文号", () => {
    const h = head("关于县十八届人大三次会议第36号建议的答复（某交字〔2023〕41号）");
    expect(h.docNumber).toBe("某交字〔2023〕41号");
    expect(h.titles).toEqual(["关于县十八届人大三次会议第36号建议的答复"]);
  });

  it("joins a title wrapped over two lines and keeps two stacked titles apart", () => {
    expect(head("## 对区六届人大三次会议\n## 第A-092号代表建议的答复").titles).toEqual([
      "对区六届人大三次会议第A-092号代表建议的答复",
    ]);
    expect(
      head("关于某某事项的提案的答复\n对区政协十三届二次会议第13047号提案的答复").titles,
    ).toEqual(["关于某某事项的提案的答复", "对区政协十三届二次会议第13047号提案的答复"]);
  });

  it("takes the body nearest above the 文号 as letterhead and a column name for no title", () => {
    const h = head(
      "某某市人民政府\n建议提案办理\n某某市水利局\n某水字〔2023〕41号\n对市政协十三届二次会议第0218号提案的答复",
    );
    expect(h.letterhead).toBe("某某市水利局");
    expect(h.titles).toEqual(["对市政协十三届二次会议第0218号提案的答复"]);
  });

  it("reads result lines above the letterhead", () => {
    const h = head("办理结果：解决采纳\n\n公开属性：主动公开\n\n# 某某区交通委员会");
    expect(h).toMatchObject({
      result: "解决采纳",
      disclosure: "主动公开",
      mark: { category: "A", label: "办理结果：解决采纳" },
      letterhead: "某某区交通委员会",
    });
  });
});

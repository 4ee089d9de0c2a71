import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { endsSentence, repairPageBreaks, toTextUnits } from "../../src/documents/text-units.ts";
import { corpusFile } from "../helpers/corpus.ts";

const units = (text: string) => repairPageBreaks(toTextUnits(text)).map((u) => u.text);

describe("page-break repair", () => {
  it("rejoins a word split across paragraphs", () => {
    expect(units("推动技术经\n\n理人协作模式，鼓励用户。")).toEqual([
      "推动技术经理人协作模式，鼓励用户。",
    ]);
  });

  it("rejoins a sentence split before a number and its unit", () => {
    expect(units("区域间技术交易额超过 2000\n\n亿元，是 2020 年 3.8 倍。")).toEqual([
      "区域间技术交易额超过2000亿元，是2020年3.8倍。",
    ]);
  });

  it("keeps a paragraph that ends a sentence, even inside quotes", () => {
    expect(units("他说：“已完成。”\n\n下一段开始。")).toEqual(["他说：“已完成。”", "下一段开始。"]);
    expect(endsSentence("（东方英才拔尖项目）")).toBe(false);
  });

  it("never joins a heading or a numbered item", () => {
    expect(units("一、关于完善科技协同创新组织机制\n\n持续完善协同创新机制。")).toHaveLength(2);
    expect(units("工作正在推进，具体包括\n\n（一）强化原始创新攻关。")).toHaveLength(2);
    expect(units("## 对市政协第1号提案的答复\n\n市科协：")).toHaveLength(2);
  });

  it("keeps a short unnumbered title apart from the sentence after it", () => {
    expect(
      units("持续完善协同创新机制\n\n为推动区内各类科技创新资源协同发展，杨浦立足优势。"),
    ).toHaveLength(2);
  });

  it("never joins signature, date and contact lines", () => {
    expect(units("上海市科学技术委员会  \n2022 年 6 月 6 日\n\n联系人姓名：李 畅")).toEqual([
      "上海市科学技术委员会",
      "2022年6月6日",
      "联系人姓名：李畅",
    ]);
  });

  it("repairs every break in the bundled replies", () => {
    const cases: [string, string][] = [
      ["沪科建复-2024-43", "推动技术经理人协作模式"],
      ["沪科建复-2024-43", "加快建设国际科技创新中心具有较强的借鉴意义"],
      ["沪科建复-2024-43", "惠及科创企业4800余家"],
      ["沪科建复-2024-43", "在基础研究、原始创新领域"],
      ["沪科建复-2024-43", "鼓励领军企业牵头"],
      ["沪科提复-2023-45", "上海全面贯彻落实习近平总书记"],
      ["沪科提复-2023-45", "属于六大重点产业企业数量为96家，通过主板"],
      ["沪科提复-2023-45", "制订了《上海市吸引集聚企业研发机构"],
      ["沪科提复-2023-45", "张江复旦国际创新中心"],
      ["沪科提复-2022-8", "促进产学研合作、大中小企业融通，持续推动"],
      ["沪科提复-2022-8", "做好政策咨询"],
      ["沪科提复-2022-8", "形成基于产业链的开放式创新生态体系"],
      ["沪科提复-2024-38", "根据《中国区域科技创新评价报告2023》"],
      ["沪科提复-2024-38", "推进复旦大学、上海交通大学等高校"],
      ["沪科提复-2024-38", "聚焦关键技术协同研发突破。推动长三角开发区"],
      ["杨府-2023-6", "始终将科技创新作为高质量发展的源动力"],
      ["杨府-2023-6", "共建联合创新中心等方式"],
      ["杨府-2023-6", "夯实全链条加速路径"],
      ["杨府-2023-6", "共有百余家企业参与"],
      ["杨府-2023-6", "发挥科技型骨干企业引领支撑作用"],
      ["杨府-2023-6", "积极丰富更具特色的科创金融产品和服务"],
      ["杨府-2023-6", "助力创新资源向企业集聚"],
    ];
    for (const [file, phrase] of cases) {
      const doc = parseReplyFile(file, corpusFile(file).bytes);
      expect(doc.sections.map((s) => s.text).join(""), `${file}: ${phrase}`).toContain(phrase);
    }
  });
});

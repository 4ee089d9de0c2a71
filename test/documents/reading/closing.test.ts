import { describe, expect, it } from "vitest";
import { findAppended, findBodyEnd, readClosing } from "../../../src/documents/reading/closing.ts";
import { toTextUnits } from "../../../src/documents/text-units.ts";

function closing(text: string) {
  const units = toTextUnits(text);
  const appendedAt = findAppended(units, 1);
  const bodyEnd = findBodyEnd(units, 0, appendedAt);
  return readClosing(units, bodyEnd, appendedAt);
}

describe("the closing of a reply", () => {
  it("ends the body at the closing formula and reads signature and date", () => {
    const c = closing(
      "正文一段。\n感谢您的关心和支持。\n某某县交通运输局\n2024年5月30日\n联系人：程某　　联系电话：0715-2362118",
    );
    expect(c).toMatchObject({
      bodyEnd: 1,
      issuers: ["某某县交通运输局"],
      date: "2024-05-30",
      contact: { name: "程某", phone: "0715-2362118", address: null, postcode: null },
    });
  });

  it("reads a joint signature on one line and stacked on several", () => {
    expect(
      closing("正文。\n此致\n敬礼\n某某区商务委员会　　　　某某区市场监督管理局\n2019年7月20日")
        .issuers,
    ).toEqual(["某某区商务委员会", "某某区市场监督管理局"]);
    expect(
      closing("正文。\n甲区教育局\n甲区财政局\n甲区交通运输局\n2023年6月26日").issuers,
    ).toEqual(["甲区教育局", "甲区财政局", "甲区交通运输局"]);
  });

  it("reads Chinese-numeral and damaged dates, never a 印发 line", () => {
    expect(closing("正文。\n某某镇人民政府\n二〇二二年七月一日").date).toBe("2022-07-01");
    expect(closing("正文。\n某某市住房和城乡建设局\n2023年619").date).toBe("2023-06-19");
    expect(closing("正文。\n某某局\n2023927").date).toBe("2023-09-27");
    expect(closing("正文。\n某某局\n20235月18日").date).toBe("2023-05-18");
    expect(closing("正文。\n抄送：某某。\n某某办公室　　二〇二二年七月一日印发").date).toBeNull();
  });

  it("ends the body at a signing date that lost its day, giving no date", () => {
    const c = closing("正文。\n某某区人民政府办公室\n2024年5月");
    expect([c.issuers, c.date]).toEqual([["某某区人民政府办公室"], null]);
  });

  it("reads a signature with no date, and contact in brackets", () => {
    const c = closing("正文。\n感谢支持。\n（联系人及电话：毛某　0870-6622309）\n某某县卫生健康局");
    expect(c.issuers).toEqual(["某某县卫生健康局"]);
    expect(c.date).toBeNull();
    expect(c.contact).toMatchObject({ name: "毛某", phone: "0870-6622309" });
  });

  it("reads contact pairs separated by commas", () => {
    const c = closing(
      "正文。\n某某市人民政府办公室\n2023年6月9日\n（联系人：黄某，电话：0753-3323456）",
    );
    expect(c.contact).toEqual({
      name: "黄某",
      phone: "0753-3323456",
      address: null,
      postcode: null,
    });
  });

  it("keeps the appended proposal apart, and reads 抄送", () => {
    const c = closing(
      "正文。\n某某局\n2019年7月20日\n抄送：区人大常委会，区政府办。\n附：提案原文\n案由：关于某事的提案\n内容：建议如下。",
    );
    expect(c.appendedProposal).toBe("案由：关于某事的提案\n内容：建议如下。");
    expect(c.cc).toEqual(["区人大常委会", "区政府办"]);
  });
});

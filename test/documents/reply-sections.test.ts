import { describe, expect, it } from "vitest";
import { findSubsections, splitSections } from "../../src/documents/reply-sections.ts";

/**
 * Which numbered paragraphs head a section. A title is indexed above the
 * text and shown in citations, so it must be a heading (a topic, a lead
 * phrase), never the first clause of a running sentence.
 */

const OPENING = "您提出的关于改善社区照明的建议收悉，现答复如下：";
const titles = (paragraphs: readonly string[]) => splitSections(paragraphs).map((s) => s.title);

describe("numbered paragraphs that are running sentences", () => {
  const items = [
    OPENING,
    "一、我办已将背街小巷路灯更新列入年度民生实事，对损坏的灯杆，由街道统一更换。",
    "二、对老旧小区内部照明不足的区域，我办将在今年加装太阳能路灯约120盏，计划9月底前完成。",
    "三、建议你单位在小区改造时同步预留照明线路，避免重复施工。",
  ];

  it("stay in one body section instead of heading sections of their own", () => {
    const sections = splitSections(items);
    expect(sections.map((s) => [s.title, s.kind])).toEqual([
      ["引言", "opening"],
      ["正文", "topic"],
    ]);
    expect(sections[1]?.text).toBe(items.slice(1).join("\n"));
  });

  it("are listed as the body's subsections, each by its first clause", () => {
    const body = splitSections(items)[1];
    expect(body?.subsections.map((s) => s.title)).toEqual([
      "一、我办已将背街小巷路灯更新列入年度民生实事",
      "二、对老旧小区内部照明不足的区域",
      "三、建议你单位在小区改造时同步预留照明线路",
    ]);
    for (const [i, sub] of (body?.subsections ?? []).entries()) {
      expect(body?.text.slice(sub.offset)).toBe(items.slice(i + 1).join("\n"));
    }
  });

  it("make the body start at the first item when nothing precedes it", () => {
    expect(titles(items.slice(1))).toEqual(["正文"]);
  });

  it("include a short first sentence that is a statement (我局高度重视。)", () => {
    const statements = [
      OPENING,
      "一、我局高度重视。已组织街道对辖区路灯逐一排查，建立问题清单。",
      "二、目前全区路灯亮灯率已达98%，下半年将完成剩余线路改造。",
    ];
    expect(titles(statements)).toEqual(["引言", "正文"]);
  });

  it("include a first clause too long for a lead phrase", () => {
    const long = [
      OPENING,
      "一、进一步加快推进全镇农村人居环境整治提升和美丽乡村示范村照明设施建设工作，今年新装路灯300盏。",
      "二、进一步健全完善镇村两级公共照明设施日常巡查维护和群众报修快速响应处置机制，坏灯48小时内修复。",
    ];
    expect(titles(long)).toEqual(["引言", "正文"]);
  });
});

describe("numbered paragraphs that open with a heading", () => {
  it("a lead phrase before a comma heads the section (一、推进水厂扩建，…)", () => {
    const leads = [
      OPENING,
      "一、推进水厂扩建，新增日供水能力3万吨，年底前完成主体工程。",
      "二、加快管网延伸，已向6个村铺设主干管网52公里。",
    ];
    expect(titles(leads)).toEqual(["引言", "一、推进水厂扩建", "二、加快管网延伸"]);
  });

  it("a 关于… or …方面 phrase before a comma heads the section", () => {
    const topics = [
      OPENING,
      "一、关于道路养护，我局全年投入资金1200万元，完成路面修补3.6万平方米。",
      "二、路灯维修方面，今年已更换损坏灯具260套。",
    ];
    expect(titles(topics)).toEqual(["引言", "一、关于道路养护", "二、路灯维修方面"]);
  });

  it("a lead sentence heads the section (一、加强巡查。…)", () => {
    const leads = [OPENING, "一、加强巡查。街道每周夜巡一次。", "二、完善报修。开通24小时热线。"];
    expect(titles(leads)).toEqual(["引言", "一、加强巡查", "二、完善报修"]);
  });

  it("with one heading among them, every numbered paragraph still opens a section", () => {
    const mixed = [
      OPENING,
      "一、加强巡查。街道每周夜巡一次。",
      "二、我办将在今年加装太阳能路灯约120盏，计划9月底前完成。",
    ];
    expect(titles(mixed)).toEqual([
      "引言",
      "一、加强巡查",
      "二、我办将在今年加装太阳能路灯约120盏",
    ]);
  });

  it("a long numbered line that runs on past commas is text, titled by its lead phrase", () => {
    const line =
      "一、关于道路养护，全年投入资金1200万元，完成县乡道路面修补3.6万平方米，新增安全护栏8公里";
    const sections = splitSections([OPENING, line, "二、关于路灯维修"]);
    expect(sections.map((s) => s.title)).toEqual(["引言", "一、关于道路养护", "二、关于路灯维修"]);
    expect(sections[1]?.text).toBe(line);
  });
});

describe("findSubsections", () => {
  const text =
    "一、推进水厂扩建，新增日供水能力3万吨。\n二是加快管网延伸，已铺设52公里。\n2.完善水质监测，每月抽检一次。";

  it("lists numbered lines only when asked to", () => {
    expect(findSubsections(text).map((s) => s.title)).toEqual(["二是加快管网延伸"]);
    expect(findSubsections(text, true).map((s) => s.title)).toEqual([
      "一、推进水厂扩建",
      "二是加快管网延伸",
      "2.完善水质监测",
    ]);
  });

  it("does not read a decimal figure at a line start as a numbered item", () => {
    expect(findSubsections("3.5万户已完成改造。", true)).toEqual([]);
  });
});

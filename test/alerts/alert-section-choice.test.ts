import { describe, expect, it } from "vitest";
import { bestSection } from "../../src/alerts/matchable-reply.ts";

/** Sections as the matcher reads them: the opening first, then the body. */
const opening = "您提出的《关于增设社区食堂的建议》收悉，经研究，现答复如下：";
const body = "今年全区新开社区食堂6家，覆盖老年人约3200名。";
const plan = "下一步，我们将继续完善助餐服务网络。";

describe("the section an alert quotes", () => {
  it("is the one saying something about the keyword, not the opening quoting the proposal's title", () => {
    expect(bestSection([opening, body, plan], ["社区食堂"])).toBe(1);
  });

  it("is the opening when only the quoted title has the keyword", () => {
    expect(bestSection([opening, plan], ["社区食堂"])).toBe(0);
  });

  it("still counts the most keywords first, then the most occurrences", () => {
    const both = "社区食堂由街道统一配送，社区食堂价格实行政府指导。";
    expect(bestSection([body, both, plan], ["社区食堂"])).toBe(1);
    expect(bestSection([body, plan], ["助餐", "老年人"])).toBe(0);
  });
});

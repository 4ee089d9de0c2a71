import { describe, expect, it } from "vitest";
import { parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";

describe("a year glued to an answering body", () => {
  it("reads the year apart from the body (2023年通山县交通局)", () => {
    const filter = parseSubscriptionFilter("2023年通山县交通局");
    expect(filter.year).toBe(2023);
    expect(filter.issuer).toBe("通山县交通局");
  });

  it("reads the same filter as the words written apart", () => {
    const glued = parseSubscriptionFilter("2024年市教育局");
    const apart = parseSubscriptionFilter("2024 市教育局");
    expect(glued).toEqual(apart);
  });
});

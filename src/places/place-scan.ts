import { type Division, divisionIndex } from "./division-data.ts";

/** A division name found in a text. */
export interface NameHit {
  /** Offset of the first character in the text. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** The name as written (official or short). */
  readonly name: string;
  /** Whether the text used the short form (通山 rather than 通山县). */
  readonly short: boolean;
  /** Every division bearing the name: several when it is ambiguous (江北区). */
  readonly divisions: readonly Division[];
  /** Whether the name is a generic one (城区, 郊区) looked up only on request. */
  readonly generic?: boolean;
}

/** Decides whether a candidate hit stands; `previous` is the hit just before it, if any. */
export type HitFilter = (text: string, hit: NameHit, previous: NameHit | undefined) => boolean;

/** Options of {@link scanPlaceNames}. */
export interface ScanOptions {
  /** Also match short names (通山, 浙江). Default false: official names only. */
  readonly short?: boolean;
  /** Also match generic official names (城区, 郊区, 矿区; see `DivisionIndex.byGenericName`). Default false. */
  readonly generic?: boolean;
  /** Accept or refuse a candidate; a refused one lets shorter names at the same place be tried. Default: accept all. */
  readonly accept?: HitFilter;
}

const HAN = /\p{Script=Han}/u;

/**
 * Division names in `text`, leftmost-longest and non-overlapping; an official
 * name is preferred to a short one of the same length.
 */
export function scanPlaceNames(text: string, options: ScanOptions = {}): NameHit[] {
  const hits: NameHit[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = longestAt(text, i, options, hits.at(-1));
    if (hit) {
      hits.push(hit);
      i = hit.end;
    } else i++;
  }
  return hits;
}

function longestAt(
  text: string,
  start: number,
  options: ScanOptions,
  previous: NameHit | undefined,
): NameHit | null {
  const { byName, byShortName, byGenericName, maxNameLength, namePrefixes } = divisionIndex();
  if (!HAN.test(text[start] ?? "")) return null;
  if (!namePrefixes.has(text.slice(start, start + 2)) && !options.generic) return null;
  const accept = options.accept ?? (() => true);
  for (let end = Math.min(text.length, start + maxNameLength); end >= start + 2; end--) {
    const name = text.slice(start, end);
    const official = byName.get(name);
    if (official) {
      const hit = { start, end, name, short: false, divisions: official };
      if (accept(text, hit, previous)) return hit;
    }
    const generic = options.generic ? byGenericName.get(name) : undefined;
    if (generic) {
      const hit = { start, end, name, short: false, divisions: generic, generic: true };
      if (accept(text, hit, previous)) return hit;
    }
    const short = options.short ? byShortName.get(name) : undefined;
    if (short) {
      const hit = { start, end, name, short: true, divisions: short };
      if (accept(text, hit, previous)) return hit;
    }
  }
  return null;
}

/** True when the hit directly follows a hit naming one of its ancestors (成都市|武侯区). */
export function followsItsParent(hit: NameHit, previous: NameHit | undefined): boolean {
  if (!previous || previous.end !== hit.start) return false;
  return hit.divisions.some((d) =>
    previous.divisions.some((p) => d.code.startsWith(p.code) && d.code !== p.code),
  );
}

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
}

/** Options of {@link scanPlaceNames}. */
export interface ScanOptions {
  /** Also match short names (通山, 浙江). Default false: official names only. */
  readonly short?: boolean;
  /** Accept a short-name hit at `start`..`end` of `text`; default accepts all. */
  readonly acceptShort?: (text: string, start: number, end: number) => boolean;
}

const HAN = /\p{Script=Han}/u;

/**
 * Division names in `text`, leftmost-longest and non-overlapping, official
 * names preferred over short ones of the same length. A name is only taken
 * where it does not start in the middle of a longer Han run of another hit.
 */
export function scanPlaceNames(text: string, options: ScanOptions = {}): NameHit[] {
  const index = divisionIndex();
  const hits: NameHit[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = longestAt(text, i, index.maxNameLength, options);
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
  maxLength: number,
  options: ScanOptions,
): NameHit | null {
  const { byName, byShortName } = divisionIndex();
  if (!HAN.test(text[start] ?? "")) return null;
  const limit = Math.min(text.length, start + maxLength);
  for (let end = limit; end >= start + 2; end--) {
    const name = text.slice(start, end);
    const official = byName.get(name);
    if (official) return { start, end, name, short: false, divisions: official };
    const short = options.short ? byShortName.get(name) : undefined;
    if (short && (options.acceptShort?.(text, start, end) ?? true)) {
      return { start, end, name, short: true, divisions: short };
    }
  }
  return null;
}

import { wantedIssuer } from "../documents/issuer-match.ts";
import { ancestry, type Division, isWithin } from "../places/division-data.ts";

/**
 * Where a reply's answering bodies lie, read from their full names, so that
 * a division name shared by several provinces (江北区: Chongqing and Ningbo)
 * counts only in the one the body names (重庆市江北区商务委员会).
 */

/** The divisions among `divisions` that some issuer's name places itself in; all of them when none says. */
export function divisionsOfIssuers(
  divisions: readonly Division[],
  issuers: readonly string[],
): readonly Division[] {
  if (divisions.length < 2) return divisions;
  const named = divisions.filter((d) => issuers.some((i) => issuerLiesIn(i, d)));
  return named.length > 0 ? named : divisions;
}

/** True when every place the issuer's name writes (重庆市, 江北区) contains or is `division`. */
function issuerLiesIn(issuer: string, division: Division): boolean {
  const groups = wantedIssuer(issuer)?.places ?? [];
  const around = ancestry(division);
  return groups.length > 0 && groups.every((g) => g.some((p) => around.includes(p)));
}

/**
 * False when the issuer's own name rules out a place `query` names: the
 * issuer 重庆市江北区商务委员会 is not the 宁波市江北区商务委员会 asked for,
 * though both are a 江北区商务委员会. True when the names agree or say too
 * little to tell.
 */
export function issuerPlacesAgree(issuer: string, query: string): boolean {
  const asked = wantedIssuer(query)?.places ?? [];
  const own = wantedIssuer(issuer)?.places ?? [];
  const innermost = own.at(-1);
  if (asked.length === 0 || !innermost || innermost.length < 2) return true;
  const where = divisionsOfIssuers(innermost, [issuer]);
  if (where.length === innermost.length) return true;
  const within = new Set(where.flatMap(ancestry));
  return asked.every((g) => g.some((d) => within.has(d)));
}

/**
 * Divisions inside one of `places` (not the places themselves) that an
 * issuer's name places it in: 碧岭街道 for 坪山区碧岭街道办事处 in 坪山区.
 */
export function divisionsInside(
  places: readonly Division[],
  issuers: readonly string[],
): Division[] {
  const found: Division[] = [];
  for (const issuer of issuers) {
    const innermost = wantedIssuer(issuer)?.places.at(-1) ?? [];
    for (const d of divisionsOfIssuers(innermost, [issuer]))
      if (!places.includes(d) && places.some((p) => isWithin(d, p)))
        for (const a of ancestry(d))
          if (!places.includes(a) && places.some((p) => isWithin(a, p))) found.push(a);
  }
  return found;
}

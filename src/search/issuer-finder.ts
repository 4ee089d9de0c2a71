import {
  bodiesAgree,
  type IssuerShape,
  issuerShape,
  shapeAgrees,
  type WantedIssuer,
  wantedIssuer,
} from "../documents/issuer-match.ts";
import type { Division } from "../places/division-data.ts";

/**
 * The corpus's issuers indexed by the divisions they lie in and by body, so
 * that asking whether a span of a question names one of them looks at the
 * few issuers of the place or body named instead of every issuer.
 * {@link IssuerIndex.names} answers as `issuers.some((n) => issuerMatches(n, span))`.
 */
export class IssuerIndex {
  private readonly byDivision = new Map<Division, IssuerShape[]>();
  private readonly byBody = new Map<string, IssuerShape[]>();
  private readonly answers = new Map<string, boolean>();

  /** Parses every issuer not parsed before (names without a place of their own stay unplaced). */
  constructor(issuers: readonly string[]) {
    for (const issuer of new Set(issuers)) {
      const shape = shapeOf(issuer);
      for (const d of shape.within) push(this.byDivision, d, shape);
      push(this.byBody, shape.body, shape);
    }
  }

  /** True when `span` names one of the issuers (see issuerMatches). */
  names(span: string): boolean {
    let answer = this.answers.get(span);
    if (answer === undefined) {
      if (this.answers.size >= MEMO_LIMIT) this.answers.clear();
      const wanted = wantedIssuer(span);
      answer = wanted !== null && this.anyAgrees(wanted);
      this.answers.set(span, answer);
    }
    return answer;
  }

  private anyAgrees(wanted: WantedIssuer): boolean {
    const first = wanted.places[0];
    if (!first) {
      for (const [body, shapes] of this.byBody)
        if (bodiesAgree(wanted.body, body) && shapes.some((s) => shapeAgrees(wanted, s)))
          return true;
      return false;
    }
    // Only an issuer lying in the first place named can agree.
    const bodies = new Map<string, boolean>();
    return first.some((d) =>
      (this.byDivision.get(d) ?? []).some((shape) => {
        let agrees = bodies.get(shape.body);
        if (agrees === undefined) {
          agrees = bodiesAgree(wanted.body, shape.body);
          bodies.set(shape.body, agrees);
        }
        return agrees && shapeAgrees(wanted, shape);
      }),
    );
  }
}

const MEMO_LIMIT = 10_000;

/** Shapes by issuer name, kept across catalog changes (a change adds a few issuers, not all). */
const shapes = new Map<string, IssuerShape>();
const SHAPE_LIMIT = 100_000;

function shapeOf(issuer: string): IssuerShape {
  let shape = shapes.get(issuer);
  if (!shape) {
    if (shapes.size >= SHAPE_LIMIT) shapes.clear();
    shape = issuerShape(issuer);
    shapes.set(issuer, shape);
  }
  return shape;
}

/** One index per issuer list: the catalog hands out a new list after every change. */
const indexes = new WeakMap<readonly string[], IssuerIndex>();

/** The index of `issuers`, built on first use and kept while the list is. */
export function issuerIndexOf(issuers: readonly string[]): IssuerIndex {
  let index = indexes.get(issuers);
  if (!index) {
    index = new IssuerIndex(issuers);
    indexes.set(issuers, index);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

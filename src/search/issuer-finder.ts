import {
  bodiesAgree,
  type IssuerShape,
  issuerMatches,
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
  private readonly byDivision = new Map<Division, Issuer[]>();
  private readonly byBody = new Map<string, Issuer[]>();
  private readonly answers = new Map<string, ReadonlySet<string>>();
  private readonly known = new Set<string>();

  /** Parses every issuer not parsed before (names without a place of their own stay unplaced). */
  constructor(issuers: readonly string[]) {
    for (const name of issuers) {
      if (this.known.has(name)) continue;
      this.known.add(name);
      const issuer = { name, shape: shapeOf(name) };
      for (const d of issuer.shape.within) push(this.byDivision, d, issuer);
      push(this.byBody, issuer.shape.body, issuer);
    }
  }

  /** True when `name` is one of the issuers indexed. */
  has(name: string): boolean {
    return this.known.has(name);
  }

  /** True when `span` names one of the issuers (see issuerMatches). */
  names(span: string): boolean {
    return this.named(span).size > 0;
  }

  /** The issuers `span` names: those for which `issuerMatches(issuer, span)` holds. */
  named(span: string): ReadonlySet<string> {
    let answer = this.answers.get(span);
    if (answer === undefined) {
      if (this.answers.size >= MEMO_LIMIT) this.answers.clear();
      const wanted = wantedIssuer(span);
      answer = new Set(wanted ? this.agreeing(wanted).map((i) => i.name) : []);
      this.answers.set(span, answer);
    }
    return answer;
  }

  private agreeing(wanted: WantedIssuer): Issuer[] {
    const first = wanted.places[0];
    if (!first)
      return [...this.byBody].flatMap(([body, issuers]) =>
        bodiesAgree(wanted.body, body) ? issuers.filter((i) => shapeAgrees(wanted, i.shape)) : [],
      );
    // Only an issuer lying in the first place named can agree.
    const bodies = new Map<string, boolean>();
    return first.flatMap((d) =>
      (this.byDivision.get(d) ?? []).filter(({ shape }) => {
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

/** An issuer's name and shape. */
interface Issuer {
  readonly name: string;
  readonly shape: IssuerShape;
}

const MEMO_LIMIT = 2_000;

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

/**
 * `(name) => issuerMatches(name, span)`, answered from the index of `issuers`
 * for the names it holds (a filter asks it of every reply's issuer).
 */
export function issuerTest(issuers: readonly string[], span: string): (name: string) => boolean {
  const index = issuerIndexOf(issuers);
  const named = index.named(span);
  return (name) => named.has(name) || (!index.has(name) && issuerMatches(name, span));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

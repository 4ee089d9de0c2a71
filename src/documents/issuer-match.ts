import { normalizeReference } from "./doc-number.ts";

/**
 * True when `query` names `issuer`: a substring (杨浦区 → 上海市杨浦区人民政府)
 * or a Chinese abbreviation whose characters appear in order (市科委 →
 * 上海市科学技术委员会). Queries shorter than two characters match nothing.
 */
export function issuerMatches(issuer: string, query: string): boolean {
  const q = normalizeReference(query);
  if (q.length < 2) return false;
  const name = normalizeReference(issuer);
  if (name.includes(q)) return true;
  let at = 0;
  for (const c of q) {
    at = name.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

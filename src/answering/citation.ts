import type { Citation } from "./reply-model.ts";

/**
 * The parts of a citation line, in order: the 文号 (or, when a reply has
 * none, its issuer and title), issuer, date, place (unless the issuer names
 * it), 办理结果 category, then section. Renderers join and style them.
 */
export function citationParts(c: Citation): { source: string[]; section: string } {
  const title = c.proposalTitle ? `《${c.proposalTitle}》` : null;
  const head = c.docNumber ? [c.docNumber, c.issuer] : [c.issuer, title ?? c.label];
  const place = c.place && !(c.issuer ?? "").includes(c.place) ? c.place : null;
  const category = c.resultCategory ? `办理结果 ${c.resultCategory} 类` : null;
  const source = [...head, c.date, place, category].filter((p): p is string => !!p);
  const section = c.subsection ? `${c.section} › ${c.subsection}` : c.section;
  return { source, section };
}

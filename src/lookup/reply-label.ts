import type { ReplySummary } from "../storage/reply.repository.ts";

/** What a label needs of a reply. */
export type LabelFields = Pick<
  ReplySummary,
  "docNumber" | "issuer" | "proposalTitle" | "session" | "proposalNumber" | "proposalKind" | "date"
> & { readonly title?: string | null };

/**
 * A short label for a reply: its 文号; else `issuer · title (or proposal
 * number) · date`, so a reply without 文号 is cited as recognisably as one with it.
 */
export function replyLabel(r: LabelFields): string {
  if (r.docNumber) return r.docNumber;
  const number = r.proposalNumber
    ? `${r.session ?? ""}第${r.proposalNumber}号${r.proposalKind ?? ""}`
    : null;
  const what = r.proposalTitle ?? r.title ?? number;
  return [r.issuer, what, r.date].filter(Boolean).join(" · ") || "（无文号答复）";
}

/**
 * A reply in one line, as candidates and related replies are listed: its
 * label, place and issuer (a label without 文号 already names issuer and date).
 */
export function replyLine(r: LabelFields & Pick<ReplySummary, "place">): string {
  const extra = r.docNumber ? [r.place, r.issuer, r.date] : [r.place];
  return [replyLabel(r), ...extra].filter(Boolean).join(" · ");
}

/**
 * The label of a reply shown beside its issuer, title and date (list items,
 * document cards): its 文号, else its place and proposal number (`崇阳县
 * 县十八届人大三次会议第36号建议`), else its place and 无文号.
 */
export function shortLabel(r: LabelFields & Pick<ReplySummary, "place">): string {
  if (r.docNumber) return r.docNumber;
  const number = r.proposalNumber
    ? `${r.session ?? ""}第${r.proposalNumber}号${r.proposalKind ?? ""}`
    : "无文号";
  return [r.place, number].filter(Boolean).join(" ");
}

import type { ProposalKind } from "../proposal-number.ts";
import type { ReplyKind } from "../reply.ts";

/**
 * The kind of reply (答复, 复函, 答复的函, 会办意见, 协办意见) and the kind of
 * proposal (建议, 提案, 议案). The session decides the proposal kind when it
 * is known (a 政协 session means 提案, whatever the letter calls it).
 */

const CO_HANDLING_IN_TEXT =
  /(会办|协办)意见(?:函告|如下|报告)|我(?:局|委|厅|办|部|院|中心|单位|街道|镇|乡|府)(?:作为)?(?:会办|协办)单位|由(?:你|贵)(?:局|委|厅|办|单位|部|院|中心)主办、?我(?:局|委|厅|办|单位|部|院|中心)(会办|协办)/;

/** The reply kind from the titles (the last one naming a kind wins), else from the first sentence. */
export function replyKindOf(titles: readonly string[], opening: string): ReplyKind {
  for (const title of [...titles].reverse()) {
    const kind = kindInTitle(title);
    if (kind) return kind;
  }
  const co = CO_HANDLING_IN_TEXT.exec(opening);
  if (co) return (co[1] ?? co[2]) === "协办" ? "协办意见" : "会办意见";
  return /函复如下/.test(opening) ? "复函" : "答复";
}

function kindInTitle(title: string): ReplyKind | null {
  if (/协办(?:意见|件)/.test(title)) return "协办意见";
  if (/会办意见/.test(title)) return "会办意见";
  if (/答复的函|答复函$/.test(title)) return "答复的函";
  if (/复函$|的复函/.test(title)) return "复函";
  if (/答复|回复|答覆/.test(title)) return "答复";
  return null;
}

/**
 * The proposal kind: from the session body when known (政协 → 提案; 人大 →
 * 建议, or 议案 when the text says 议案), else from the word before the reply
 * kind in the title, else from the first sentence or the greeting.
 */
export function proposalKindOf(
  sessionBody: "人大" | "政协" | null,
  titles: readonly string[],
  opening: string,
  greeting: string | null,
): ProposalKind | null {
  const text = `${titles.join(" ")} ${opening}`;
  if (sessionBody === "政协") return "提案";
  // A 议案 is sometimes printed as 建议案; either way the text says 议案.
  if (sessionBody === "人大") return /议案/.test(text) ? "议案" : "建议";
  for (const title of titles) {
    const m = /(建议|提案|议案)(?:的)?(?:答复|复函|回复|会办|协办|办理)/.exec(title);
    if (m?.[1]) return m[1] as ProposalKind;
  }
  const word = /(提案|议案|建议)(?:已)?收悉/.exec(opening)?.[1];
  if (word) return word as ProposalKind;
  if (greeting && /委员|政协|界别/.test(greeting)) return "提案";
  if (greeting && /代表/.test(greeting)) return "建议";
  return (/提案|议案|建议/.exec(text)?.[0] as ProposalKind | undefined) ?? null;
}

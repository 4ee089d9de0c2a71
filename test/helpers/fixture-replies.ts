import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The parts of a reply to write as a fixture file. */
export interface FixtureReply {
  docNumber: string;
  issuer?: string;
  session?: string;
  number: string;
  kind?: "提案" | "代表建议";
  proposers?: string;
  title: string;
  opening?: string;
  topics: [title: string, text: string][];
  plan?: string;
  date: string;
}

/** Formats a reply the way published replies look (letterhead, title, salutation, body, signature). */
export function fixtureReplyText(r: FixtureReply): string {
  const issuer = r.issuer ?? "上海市测试委员会";
  const kind = r.kind ?? "提案";
  const session = r.session ?? (kind === "提案" ? "市政协十四届一次会议" : "市十六届人大一次会议");
  const [y, m, d] = r.date.split("-").map(Number);
  return [
    issuer,
    r.docNumber,
    `对${session}第${r.number}号${kind}的答复`,
    `${r.proposers ?? "张三等委员"}：`,
    `你们提出的“${r.title}”的${kind === "提案" ? "提案" : "建议"}收悉，经研究，现将办理情况答复如下：`,
    r.opening ?? "近年来，本市围绕相关工作持续推进，取得积极成效。",
    ...r.topics.map(([title, text]) => `关于“${title}”的建议，${text}`),
    `下阶段，${r.plan ?? "我们将继续推进相关工作。"}`,
    "感谢你们对本市工作的关心与支持。",
    issuer,
    `${y}年${m}月${d}日`,
  ].join("\n\n");
}

/** Writes fixture replies into `dir`, one file each. */
export function writeFixtureReplies(dir: string, replies: readonly FixtureReply[]): void {
  mkdirSync(dir, { recursive: true });
  for (const [i, r] of replies.entries())
    writeFileSync(path.join(dir, `reply-${i}.md`), fixtureReplyText(r));
}

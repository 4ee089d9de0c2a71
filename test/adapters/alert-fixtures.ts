import type { AlertItem, AlertMessage, AlertTarget } from "../../src/alerts/alert-types.ts";

/** An alert item with invented, plausible fields; `over` replaces any of them. */
export function alertItem(over: Partial<AlertItem> = {}): AlertItem {
  return {
    replyId: 41,
    title: "关于加快乡村客运站建设的建议的答复",
    label: "某交提复〔2024〕12号",
    docNumber: "某交提复〔2024〕12号",
    place: "某某县",
    issuer: "某某县交通运输局",
    date: "2024-06-18",
    result: "A类（已解决或采纳）",
    section: "二、下一步工作打算",
    excerpt: "我局将统筹资金，年内完成三个乡镇客运站的改造。",
    revised: false,
    changes: [],
    source: "replies/2024/某交提复12号.txt",
    subscriptions: [{ id: 3, filter: "客运站" }],
    ...over,
  };
}

/** One message of the given items (an instant alert, or a digest). */
export function alertMessage(items: readonly AlertItem[], dailyDigest = false): AlertMessage {
  return { items, dailyDigest };
}

/** A target in `chatId`; `over` replaces any field. */
export function alertTarget(chatId: string, over: Partial<AlertTarget> = {}): AlertTarget {
  return {
    platform: "telegram",
    chatId,
    threadId: null,
    silent: false,
    key: `k-${chatId}`,
    ...over,
  };
}

/** Document text trying every markup trick: HTML, Telegram tags, card markdown, mentions, ANSI, controls. */
export const HOSTILE =
  '<b>粗</b><a href="https://evil.example/x">点我</a> **星** [链](https://evil.example) <at id=all></at> @all `码` # 标题\n- 列表 \u001b[31m红\u001b[0m\u0007 &amp; &lt;i&gt; www.evil.example a@b.cn';

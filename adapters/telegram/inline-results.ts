import { createHash } from "node:crypto";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Answerer } from "../../src/answering/answerer.ts";
import { citationParts } from "../../src/answering/citation.ts";
import type { AnswerItem } from "../../src/answering/reply-model.ts";
import { escapeHtml } from "./html-text.ts";
import { renderItem } from "./render-html.ts";

/** Telegram accepts at most 50 results per inline answer. */
export const MAX_INLINE_RESULTS = 50;

/** Pages of the answer read for one inline query. */
const MAX_PAGES = 5;

/**
 * The top answers to an inline query as shareable articles, each carrying
 * its citation. Ids are hashes (unique, ≤ 64 bytes); at most 50 results.
 */
export async function inlineResults(
  answerer: Answerer,
  query: string,
): Promise<InlineQueryResultArticle[]> {
  const text = query.trim();
  if (!text) return [];
  const items: AnswerItem[] = [];
  for (let page = 1; page <= MAX_PAGES && items.length < MAX_INLINE_RESULTS; page++) {
    const reply = await answerer.answer({ text, page });
    if (reply.kind !== "answer") break;
    items.push(...reply.items);
    if (!reply.hasMore) break;
  }
  const seen = new Set<string>();
  const results: InlineQueryResultArticle[] = [];
  for (const item of items) {
    const id = createHash("sha256")
      .update(`${item.replyId}:${item.sectionId}:${item.excerpt}`)
      .digest("base64url")
      .slice(0, 32);
    if (seen.has(id)) continue;
    seen.add(id);
    results.push(article(id, item, text));
  }
  return results.slice(0, MAX_INLINE_RESULTS);
}

function article(id: string, item: AnswerItem, question: string): InlineQueryResultArticle {
  const { source } = citationParts(item.citation);
  return {
    type: "article",
    id,
    title: source.slice(0, 2).join(" · ").slice(0, 120) || "答复",
    description: item.excerpt.slice(0, 200),
    input_message_content: {
      message_text: `问：${escapeHtml(question.slice(0, 200))}\n\n${renderItem(item, 1)}`,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
  };
}

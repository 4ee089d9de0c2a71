import type { BotReply } from "../../src/answering/reply-model.ts";
import { stripControlCharacters } from "../../src/text/control-characters.ts";
import { renderText } from "../console/render-text.ts";
import type { FeishuMessage } from "./render-card.ts";

/** Plain text sent as a post stays this short (posts, like cards, must be under 30 KB). */
const POST_CHAR_LIMIT = 8000;

/**
 * The rich-text (post) fallback for a card Feishu refused: the console's
 * plain text, one `text` node per line. `text` nodes are never parsed for
 * mentions or links, so no escaping is needed.
 */
export function renderFeishuPost(reply: BotReply): FeishuMessage {
  return plainPost(renderText(reply));
}

/** A post of plain lines. */
export function plainPost(text: string): FeishuMessage {
  const clean = stripControlCharacters(text);
  const body = clean.length > POST_CHAR_LIMIT ? `${clean.slice(0, POST_CHAR_LIMIT)}…` : clean;
  const content = body.split("\n").map((line) => [{ tag: "text", text: line }]);
  return { msgType: "post", content: JSON.stringify({ zh_cn: { title: "", content } }) };
}

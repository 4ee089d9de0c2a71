import { parseReference } from "../lookup/lookup.ts";
import { cleanText } from "../search/query-analysis.ts";

/** What a message asks for. */
export type Intent =
  | { readonly kind: "help" }
  | { readonly kind: "empty" }
  | { readonly kind: "lookup"; readonly reference: string }
  | { readonly kind: "lookup_usage" }
  | { readonly kind: "latest"; readonly text: string }
  | { readonly kind: "question"; readonly text: string; readonly page: number }
  | { readonly kind: "unknown_command"; readonly command: string };

const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]+)?(?:\s+([\s\S]*))?$/i;

/**
 * Reads a message: commands (`/ask`, `/doc`, `/latest`, `/help`), Chinese
 * command words (帮助, 最新答复), a bare 文号 or proposal number (a lookup),
 * or a question. `page` selects a later page of an answer.
 */
export function parseIntent(raw: string, page = 1): Intent {
  const text = cleanText(raw);
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: "empty" };
  const command = COMMAND.exec(text);
  if (command) {
    const name = (command[1] ?? "").toLowerCase();
    const arg = (command[2] ?? "").trim();
    switch (name) {
      case "help":
      case "start":
        return { kind: "help" };
      case "doc":
      case "lookup":
        return arg ? { kind: "lookup", reference: arg } : { kind: "lookup_usage" };
      case "latest":
        return { kind: "latest", text: arg };
      case "ask":
        return arg ? parseIntent(arg, page) : { kind: "empty" };
      default:
        return { kind: "unknown_command", command: name };
    }
  }
  if (/^(?:帮助|help|使用说明|怎么用|\?|？)$/i.test(text)) return { kind: "help" };
  if (/^(?:最新|最新答复|最新的答复|最近答复|最近的答复)$/.test(text))
    return { kind: "latest", text: "" };
  if (parseReference(text)) return { kind: "lookup", reference: text };
  return { kind: "question", text, page: Math.max(1, Math.floor(page)) };
}

import { MAX_WORD_LENGTH } from "../../src/alerts/subscription-filter.ts";
import type { DocumentCard, SubscriptionReply } from "../../src/answering/reply-model.ts";
import {
  RECENT_BUTTON,
  SUBSCRIBE_BUTTON,
  subscriptionReplyLines,
  subscriptionTitle,
} from "../../src/answering/subscription-text.ts";
import { CARD_FILTER_LIMIT, encodeCardAction } from "./card-action.ts";
import { clip, type Limits, take } from "./card-budget.ts";
import { bold, escapeCardMarkdown as esc } from "./card-markdown.ts";

/**
 * The subscription cards (subscribed, list of subscriptions, unsubscribed,
 * settings, refused, usage) and the subscribe buttons of answer and reply
 * cards. Every user or document string is escaped and clipped.
 */

type Element = Record<string, unknown>;

/** A callback button in its own column. */
export function callbackButton(label: string, value: object, primary = false): Element {
  return {
    tag: "column",
    width: "auto",
    elements: [
      {
        tag: "button",
        text: { tag: "plain_text", content: label },
        type: primary ? "primary" : "default",
        behaviors: [{ type: "callback", value }],
      },
    ],
  };
}

/** A row of button columns. */
export function buttonRow(columns: readonly Element[]): Element {
  return { tag: "column_set", flex_mode: "none", horizontal_spacing: "small", columns };
}

/** Title and elements of a subscription reply's card. */
export function subscriptionCard(reply: SubscriptionReply, l: Limits): [string, Element[]] {
  const [lines, cut] = take(subscriptionReplyLines(reply), l);
  const text = lines.map((line) => esc(clip(line, l.chars)));
  if (cut) text.push(cut);
  if (reply.kind === "subscribed" && reply.recent) {
    const [items, itemsCut] = take(reply.recent, l);
    const e = (s: string) => esc(clip(s, l.chars));
    for (const item of items)
      text.push(
        `· ${e(item.date ?? "????-??-??")} ${bold(e(item.label))} ${e(item.issuer ?? "")}${item.proposalTitle ? `：${e(item.proposalTitle)}` : ""}`,
      );
    if (itemsCut) text.push(itemsCut);
  }
  const elements: Element[] = [{ tag: "markdown", content: text.join("\n") }];
  if (reply.kind === "subscribed" && reply.recent === null) {
    const value = encodeCardAction({
      verb: "recent",
      resultSetId: "",
      page: 1,
      item: 0,
      subscriptionId: reply.subscription.id,
    });
    elements.push(buttonRow([callbackButton(RECENT_BUTTON, value)]));
  }
  return [subscriptionTitle(reply), elements];
}

/** The subscribe button under an answer: its question becomes the filter. */
export function subscribeAnswerButton(resultSetId: string): Element {
  const value = encodeCardAction({ verb: "subscribe", resultSetId, page: 1, item: 0 });
  return callbackButton(`${SUBSCRIBE_BUTTON}此问题`, value);
}

/** The subscribe button under a reply card: its 文号 (else its body and title) becomes the filter. */
export function subscribeDocumentRow(d: DocumentCard): Element {
  const filterText = clip(documentFilterText(d), CARD_FILTER_LIMIT);
  const value = encodeCardAction({
    verb: "subscribe",
    resultSetId: "",
    page: 1,
    item: 0,
    filterText,
  });
  return buttonRow([callbackButton(`${SUBSCRIBE_BUTTON}“${clip(filterText, 20)}”`, value)]);
}

/**
 * The filter a reply card subscribes to: its 文号 (that reply and its
 * revisions); without one, its answering body and the heart of its proposal
 * title (关于…的建议 without 关于 and 的建议; its longest part between
 * punctuation), cut to the longest keyword a filter takes, so that the filter is read without error and the reply
 * holds every part of it. (Its label would add a date written as no reply
 * text writes it, and a whole title is often too long to be one keyword.)
 */
export function documentFilterText(d: DocumentCard): string {
  if (d.docNumber) return d.docNumber;
  const pieces = (d.proposalTitle ?? "")
    .replace(/^(?:关于|有关)+/u, "")
    .replace(/(?:的)?(?:建议|提案|议案|意见)(?:的答复|的复函)?$/u, "")
    .split(/[\s·・,，、;；。|《》「」“”"]+/u);
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), "");
  const heart = [...longest].slice(0, MAX_WORD_LENGTH).join("");
  return [d.issuer, heart].filter((p) => p && p.length > 0).join(" ") || d.label;
}

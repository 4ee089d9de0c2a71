import { describe, expect, it } from "vitest";
import { documentFilterText } from "../../adapters/feishu/render-card-subscription.ts";
import { parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { matchableReply, SubscriptionMatcher } from "../../src/alerts/subscription-matcher.ts";
import type { DocumentCard } from "../../src/answering/reply-model.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import { replyLabel } from "../../src/lookup/reply-label.ts";
import { varietyDocuments } from "../alerts/alert-fixtures.ts";

/** The reply card of a parsed reply, as far as its subscribe button reads it. */
function card(doc: ReplyDocument, docNumber: string | null): DocumentCard {
  const fields = { ...doc, docNumber, proposalNumber: doc.proposalNumber ?? null };
  return {
    label: replyLabel(fields),
    issuer: doc.issuer,
    date: doc.date,
    replyKind: "答复",
    proposalTitle: doc.proposalTitle,
    docNumber,
    proposalKind: doc.proposalKind,
    session: doc.session,
    proposalNumber: null,
    proposers: [],
    recipient: null,
    result: null,
    sections: [],
  };
}

describe("feishu: a reply card's subscribe button", () => {
  it("subscribes to a filter that reads without error and that its own reply matches, 文号 or not", () => {
    let withoutNumber = 0;
    for (const [name, doc] of varietyDocuments())
      for (const docNumber of [doc.docNumber, null]) {
        const text = documentFilterText(card(doc, docNumber));
        const filter = parseSubscriptionFilter(text);
        const matcher = new SubscriptionMatcher([{ id: 1, filter }]);
        expect(matcher.match(matchableReply(doc, 1)), `${name}: ${text}`).toHaveLength(1);
        if (docNumber === null && doc.proposalTitle) {
          withoutNumber++;
          // Not a filter for everything: it names the body or the topic.
          expect(filter.keywords.length + (filter.issuer ? 1 : 0)).toBeGreaterThan(0);
        }
      }
    expect(withoutNumber).toBeGreaterThan(5);
  });

  it("files the 文号 when there is one", () => {
    const [, doc] = varietyDocuments().find(([, d]) => d.docNumber) ?? expect.fail("no 文号");
    expect(documentFilterText(card(doc, doc.docNumber))).toBe(doc.docNumber);
  });
});

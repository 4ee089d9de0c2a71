import { describe, expect, it } from "vitest";
import { TELEGRAM_TEXT_LIMIT } from "../../adapters/telegram/html-text.ts";
import { renderTelegram } from "../../adapters/telegram/render-html.ts";
import type { BotReply, Citation } from "../../src/answering/reply-model.ts";
import { parseTelegramHtml } from "../fakes/telegram-html-check.ts";

/** A long run of hostile text: sentences with markup characters and no natural end for a while. */
const long = (n: number, seed = "长<文>&本") =>
  Array.from({ length: Math.ceil(n / (seed.length + 1)) }, () => `${seed}。`)
    .join("")
    .slice(0, n);

const CITATION: Citation = {
  label: long(900),
  docNumber: long(900),
  issuer: long(900),
  date: "2025-01-02",
  section: long(900),
  subsection: null,
  replyKind: "答复",
  proposalTitle: long(900),
  place: long(900),
  resultCategory: "A",
};

const item = (i: number) => ({
  citation: CITATION,
  excerpt: "x",
  segments: [
    { text: long(3000), mark: false },
    { text: long(2000), mark: true },
  ],
  score: 1,
  replyId: i,
  sectionId: i,
});

const card = {
  label: long(500),
  issuer: long(500),
  date: "2025-01-02",
  replyKind: "答复",
  proposalTitle: long(5000),
  docNumber: "测发〔2025〕3号",
  proposalKind: "建议",
  session: long(500),
  proposalNumber: "12",
  proposers: Array.from({ length: 300 }, (_, i) => `代表${i}`),
  recipient: null,
  result: long(5000),
  sections: Array.from({ length: 60 }, () => long(400)),
};

/** Every kind of reply, each with user or document text far longer than a message. */
const REPLIES: Record<string, BotReply> = {
  answer: {
    kind: "answer",
    query: long(5000),
    page: 2,
    hasMore: true,
    notes: [long(3000)],
    items: [item(1), item(2), item(3)],
  },
  section: { kind: "section", citation: CITATION, text: long(20_000) },
  document: { kind: "document", document: card, related: Array(500).fill("某发〔2025〕1号") },
  list: {
    kind: "list",
    title: long(3000),
    notes: [long(3000)],
    items: Array.from({ length: 200 }, () => card),
  },
  help: {
    kind: "help",
    intro: long(6000),
    examples: { question: long(3000), docNumber: long(2000), issuer: long(2000), year: 2025 },
  },
  no_answer: {
    kind: "no_answer",
    reason: "no_match",
    query: long(10_000),
    tips: [long(3000)],
    notes: [long(3000)],
  },
  not_found: {
    kind: "not_found",
    reference: long(10_000),
    reason: "not_found",
    suggestions: Array(2000).fill("某发〔2025〕1号"),
  },
  error: { kind: "error", code: "X", message: long(10_000) },
};

describe("telegram renderer: message length", () => {
  for (const [kind, reply] of Object.entries(REPLIES)) {
    for (const chatType of ["private", "group"] as const) {
      it(`keeps every ${kind} message (${chatType}) within ${TELEGRAM_TEXT_LIMIT} characters`, () => {
        const messages = renderTelegram(reply, {
          botUsername: "DafuTestBot",
          chatType,
          resultSetId: "Ab3_-xYz",
        });
        expect(messages.length).toBeGreaterThan(0);
        for (const message of messages) {
          const parsed = parseTelegramHtml(message.text);
          if (!parsed.ok) throw new Error(parsed.error);
          expect(parsed.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
        }
      });
    }
  }

  it("repeats at most 200 characters of the question, ending in …", () => {
    const [message] = renderTelegram(REPLIES.no_answer as BotReply, {
      botUsername: "B",
      chatType: "private",
    });
    const parsed = parseTelegramHtml(message?.text ?? "");
    if (!parsed.ok) throw new Error(parsed.error);
    const quoted = /“([^”]*)”/.exec(parsed.text)?.[1] ?? "";
    expect(quoted.length).toBe(200);
    expect(quoted.endsWith("…")).toBe(true);
  });
});

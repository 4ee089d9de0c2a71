import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answering/answerer.ts";
import { type Conversation, createConversation } from "../../src/answering/conversation.ts";
import { NO_EXAMPLES } from "../../src/answering/help.ts";
import type { IncomingMessage } from "../../src/answering/incoming-message.ts";
import type { AnswerItem, Citation } from "../../src/answering/reply-model.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";

const CITATION: Citation = {
  label: "测发〔2025〕3号",
  docNumber: "测发〔2025〕3号",
  issuer: "某委",
  date: "2025-01-02",
  section: "一",
  subsection: null,
  replyKind: "答复",
  proposalTitle: null,
  place: null,
  resultCategory: null,
};

/** A fake answerer over an "index" the test can change: the replies it finds shift by `offset`. */
function fakeAnswerer() {
  const state = { offset: 0 };
  const item = (replyId: number): AnswerItem => ({
    citation: CITATION,
    excerpt: "x",
    segments: [{ text: `答复 ${replyId}`, mark: false }],
    score: 1,
    replyId,
    sectionId: replyId * 10,
  });
  const answerer: Answerer = {
    async answer(message) {
      const page = message.page ?? 1;
      const first = state.offset + (page - 1) * 3 + 1;
      return {
        kind: "answer",
        query: message.text,
        page,
        hasMore: true,
        notes: [],
        items: [item(first), item(first + 1), item(first + 2)],
      };
    },
    async section(replyId, sectionId) {
      return { kind: "section", citation: CITATION, text: `${replyId}/${sectionId}` };
    },
    async outline(replyId) {
      return { kind: "error", code: "OUTLINE", message: String(replyId) };
    },
    async examples() {
      return NO_EXAMPLES;
    },
  };
  return { answerer, state };
}

const ask = (chatId: string, text: string): IncomingMessage => ({
  text,
  context: {
    platform: "telegram",
    chatId,
    chatType: "private",
    senderId: "u1",
    threadId: null,
    addressed: true,
    replyTo: null,
  },
});

const opened = (outcome: Awaited<ReturnType<Conversation["act"]>>): string =>
  outcome.kind === "reply" && outcome.reply.kind === "section" ? outcome.reply.text : outcome.kind;

let db: Database;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

describe("open this section", () => {
  it("opens the item that was shown, after the index changed", async () => {
    const { answerer, state } = fakeAnswerer();
    const conversation = createConversation({ answerer, db });
    const turn = await conversation.handle(ask("100", "问题"));
    const resultSetId = turn?.resultSetId ?? "";
    state.offset = 50; // new replies ingested: the same question now finds others
    const chat = { platform: "telegram", chatId: "100" };
    const press = { resultSetId, verb: "section" as const, page: 1, item: 1, chat };
    expect(opened(await conversation.act(press))).toBe("2/20");
  });

  it("keeps each page's items: a button on an older page still opens its own item", async () => {
    const { answerer } = fakeAnswerer();
    const conversation = createConversation({ answerer, db });
    const turn = await conversation.handle(ask("100", "问题"));
    const resultSetId = turn?.resultSetId ?? "";
    const chat = { platform: "telegram", chatId: "100" };
    await conversation.act({ resultSetId, verb: "page", page: 2, item: 0, chat });
    expect(
      opened(await conversation.act({ resultSetId, verb: "section", page: 2, item: 0, chat })),
    ).toBe("4/40");
    expect(
      opened(await conversation.act({ resultSetId, verb: "section", page: 1, item: 2, chat })),
    ).toBe("3/30");
  });

  it("finds nothing for a press from another chat, or for an item never shown", async () => {
    const { answerer } = fakeAnswerer();
    const conversation = createConversation({ answerer, db });
    const turn = await conversation.handle(ask("100", "问题"));
    const resultSetId = turn?.resultSetId ?? "";
    const other = { platform: "telegram", chatId: "200" };
    expect(
      opened(
        await conversation.act({ resultSetId, verb: "section", page: 1, item: 0, chat: other }),
      ),
    ).toBe("expired");
    const own = { platform: "telegram", chatId: "100" };
    expect(
      opened(await conversation.act({ resultSetId, verb: "section", page: 3, item: 0, chat: own })),
    ).toBe("expired");
  });
});

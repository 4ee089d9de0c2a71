import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentMatches } from "../../src/alerts/recent-matches.ts";
import { parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { createAnswerer } from "../../src/answering/answerer.ts";
import { createConversation } from "../../src/answering/conversation.ts";
import type { MessageContext } from "../../src/answering/incoming-message.ts";
import type { App } from "../../src/app.ts";
import { openTestApp } from "../helpers/app.ts";
import { tempDir } from "../helpers/corpus.ts";
import { type FixtureReply, writeFixtureReplies } from "../helpers/fixture-replies.ts";

/** Replies about invented topics on dates a day apart; odd ones mention a fee. */
function replies(): FixtureReply[] {
  return Array.from({ length: 7 }, (_, i) => ({
    docNumber: `测民复〔2025〕${i + 1}号`,
    number: String(100 + i),
    title: `关于改进第${i + 1}片区社区服务的提案`,
    topics: [
      [
        "社区服务",
        `第${i + 1}片区新建社区托育点${i + 2}个${i % 2 === 1 ? "，并取消部分收费项目" : ""}。`,
      ],
    ],
    date: `2025-03-${String(10 + i).padStart(2, "0")}`,
  }));
}

let app: App;
let cleanup: () => Promise<void>;
let corpus: { dir: string; cleanup: () => void };
beforeAll(async () => {
  corpus = tempDir("dafu-recent-");
  writeFixtureReplies(corpus.dir, replies());
  ({ app, cleanup } = await openTestApp(corpus.dir));
});
afterAll(async () => {
  await cleanup();
  corpus.cleanup();
});

describe("recent matches of a new subscription", () => {
  it("are the newest replies the filter matches, newest first, at most three", async () => {
    const found = await recentMatches(app.db, parseSubscriptionFilter("托育 -收费"), { batch: 2 });
    expect(found.map((r) => r.docNumber)).toEqual([
      "测民复〔2025〕7号",
      "测民复〔2025〕5号",
      "测民复〔2025〕3号",
    ]);
    expect(await recentMatches(app.db, parseSubscriptionFilter("火星基地"))).toEqual([]);
  });

  it("are listed at once by /subscribe --recent, and by the button otherwise", async () => {
    const conversation = createConversation({ answerer: createAnswerer(app), db: app.db });
    const context: MessageContext = {
      platform: "console",
      chatId: "recent-test",
      chatType: "private",
      senderId: null,
      threadId: null,
      addressed: true,
      replyTo: null,
    };
    const turn = await conversation.handle({ text: "/subscribe 托育 收费 --recent", context });
    const reply = turn?.reply;
    if (reply?.kind !== "subscribed") throw new Error(`not subscribed: ${reply?.kind}`);
    expect(reply.recent?.map((r) => r.label)).toEqual([
      "测民复〔2025〕6号",
      "测民复〔2025〕4号",
      "测民复〔2025〕2号",
    ]);
    const plain = await conversation.handle({ text: "订阅 托育", context });
    if (plain?.reply.kind !== "subscribed") throw new Error("not subscribed");
    expect(plain.reply.recent).toBeNull();
    const chat = { platform: "console", chatId: "recent-test" };
    const id = plain.reply.subscription.id;
    const pressed = await conversation.act({
      verb: "recent",
      resultSetId: "",
      page: 1,
      item: 0,
      subscriptionId: id,
      chat,
    });
    expect(
      pressed.kind === "reply" && pressed.reply.kind === "list" ? pressed.reply.items.length : 0,
    ).toBe(3);
    const elsewhere = await conversation.act({
      verb: "recent",
      resultSetId: "",
      page: 1,
      item: 0,
      subscriptionId: id,
      chat: { platform: "console", chatId: "another-chat" },
    });
    expect(elsewhere.kind).toBe("expired");
  });
});

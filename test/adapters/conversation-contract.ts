import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFilter, parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { corpusExamples } from "../../src/answering/help.ts";
import type { Database } from "../../src/storage/database.ts";
import { listReplies } from "../../src/storage/reply.repository.ts";

/**
 * One conversation contract for every chat adapter: user says X → the bot
 * answers Y, or stays silent. Each adapter's test file runs it with a driver.
 */

/** How a test talks to one adapter. */
export interface ChatDriver {
  /** The database the bot answers from (to read what the corpus holds). */
  readonly db: Database;
  /** Says `text` in a one-to-one chat; resolves with the visible text of the bot's reply. */
  say(text: string): Promise<string>;
  /**
   * Says `text` in a group, addressed to the bot (by mention or command) or
   * not; resolves with the reply, or null when the bot stayed silent.
   * Absent when the platform has no groups (the console).
   */
  sayInGroup?(
    text: string,
    how: "mention" | "command" | "other-bot" | "none",
  ): Promise<string | null>;
  close(): Promise<void>;
}

/** A question the bundled corpus answers. */
const QUESTION = "高新技术企业有多少家";

/** Registers the contract's tests for one adapter. */
export function conversationContract(name: string, start: () => Promise<ChatDriver>): void {
  describe(`conversation contract: ${name}`, () => {
    let chat: ChatDriver;
    let held: string[];
    beforeAll(async () => {
      chat = await start();
      const replies = await listReplies(chat.db, { limit: 1000 });
      held = replies.map((r) => r.docNumber).filter((d): d is string => d !== null);
    });
    afterAll(() => chat.close());

    const citesHeld = (text: string) => held.some((d) => text.includes(d));

    it("answers a question with cited excerpts", async () => {
      const reply = await chat.say(QUESTION);
      expect(citesHeld(reply)).toBe(true);
    });

    it("shows the next page on 更多", async () => {
      const first = await chat.say(QUESTION);
      const next = await chat.say("更多");
      expect(next).not.toBe(first);
      expect(citesHeld(next)).toBe(true);
    });

    it("looks a reply up by its 文号", async () => {
      const [newest] = await listReplies(chat.db, { limit: 1 });
      const reply = await chat.say(`/doc ${newest?.docNumber}`);
      expect(reply).toContain(newest?.docNumber ?? "?");
      expect(reply).toContain(newest?.issuer ?? "?");
    });

    it("shows help with examples from the corpus loaded", async () => {
      const examples = await corpusExamples(chat.db);
      const reply = await chat.say("/help");
      expect(reply).toContain(examples.docNumber ?? "?");
      expect(reply).toContain(examples.issuer ?? "?");
    });

    it("offers tips when nothing answers", async () => {
      const reply = await chat.say("火星殖民地的税率是多少");
      expect(reply).toContain("没有找到能回答");
    });

    it("names an unknown command", async () => {
      expect(await chat.say("/frobnicate")).toContain("没有 /frobnicate 这个命令");
    });

    it("subscribes, lists, changes settings and unsubscribes", async () => {
      const subscribed = await chat.say("/subscribe 高新技术企业 -收费");
      expect(subscribed).toContain("已订阅");
      expect(subscribed).toContain(describeFilter(parseSubscriptionFilter("高新技术企业 -收费")));
      const id = /#(\d+)/.exec(subscribed)?.[1] ?? expect.fail("no subscription id");
      expect(await chat.say("/subscribe 高新技术企业 -收费")).toContain("已经订阅过");
      expect(await chat.say("/subscriptions")).toContain(`#${id}`);
      expect(await chat.say("/settings digest 8")).toContain("每天 08:00");
      expect(await chat.say("提醒设置 免打扰 22-7")).toContain("22:00–07:00");
      expect(await chat.say("/settings instant")).toContain("即时提醒");
      expect(await chat.say(`/unsubscribe ${id}`)).toContain("已取消 1 个订阅");
      expect(await chat.say("我的订阅")).toContain("还没有订阅");
    });

    it("explains a bad subscription filter or setting with the forms they take", async () => {
      const filter = await chat.say("/subscribe 2023年 2024年");
      expect(filter).toContain("年份");
      expect(filter).toContain("/subscribe 养老 社区");
      expect(await chat.say("/settings digest 25")).toContain("/settings quiet 22-7");
      expect(await chat.say("/unsubscribe")).toContain("/unsubscribe all");
    });

    it("in a group, lists subscriptions for anyone but lets only admins change them", async (context) => {
      const group = chat.sayInGroup?.bind(chat);
      if (!group) return context.skip();
      expect(await group("/subscribe 养老", "mention")).toContain("只有群主或管理员");
      expect(await group("/settings silent on", "mention")).toContain("只有群主或管理员");
      expect(await group("/subscriptions", "mention")).toContain("还没有订阅");
    });

    it("in a group, answers when addressed and stays silent otherwise", async (context) => {
      const group = chat.sayInGroup?.bind(chat);
      if (!group) return context.skip();
      expect(citesHeld((await group(QUESTION, "mention")) ?? "")).toBe(true);
      expect(citesHeld((await group(QUESTION, "command")) ?? "")).toBe(true);
      expect(await group(QUESTION, "none")).toBeNull();
      expect(await group(QUESTION, "other-bot")).toBeNull();
    });
  });
}

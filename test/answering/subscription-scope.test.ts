import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MessageContext } from "../../src/answering/incoming-message.ts";
import type { BotReply } from "../../src/answering/reply-model.ts";
import { createSubscriptionCommands } from "../../src/answering/subscription-commands.ts";
import { unsubscribedLines } from "../../src/answering/subscription-text.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { listSubscriptions } from "../../src/storage/subscription.repository.ts";

/** A group chat whose sender is an admin when `admin` is true. */
function group(chatId: string, admin: boolean, platform = "telegram"): MessageContext {
  return {
    platform,
    chatId,
    chatType: "group",
    senderId: "42",
    threadId: null,
    addressed: true,
    replyTo: null,
    canManage: async () => admin,
  };
}

let db: Database;
let commands: ReturnType<typeof createSubscriptionCommands>;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
  commands = createSubscriptionCommands({ db, timeZone: "Asia/Shanghai", now: () => 1_000 });
});
afterEach(() => db.destroy());

async function subscribe(context: MessageContext, filterText: string): Promise<number> {
  const reply = await commands.handle({ kind: "subscribe", filterText, recent: false }, context);
  if (reply.kind !== "subscribed") throw new Error(`not subscribed: ${reply.kind}`);
  return reply.subscription.id;
}

const unsubscribe = (context: MessageContext, target: string): Promise<BotReply> =>
  commands.handle({ kind: "unsubscribe", target }, context);

describe("subscriptions belong to their chat", () => {
  it("an admin of one group cannot end another group's subscription by its id, nor with all", async () => {
    const theirs = await subscribe(group("-100", true), "养老");
    const ours = await subscribe(group("-200", true), "托育");
    const tried = await unsubscribe(group("-200", true), String(theirs));
    expect(tried).toMatchObject({ kind: "unsubscribed", removed: [] });
    await unsubscribe(group("-200", true), "all");
    expect((await listSubscriptions(db, "telegram", "-100")).map((s) => s.id)).toEqual([theirs]);
    expect(await listSubscriptions(db, "telegram", "-200")).toEqual([]);
    expect(ours).not.toBe(theirs);
  });

  it("ending several ids says which were not found", async () => {
    const id = await subscribe(group("-100", true), "养老");
    const theirs = await subscribe(group("-200", true), "托育");
    const reply = await unsubscribe(group("-100", true), `${id} ${theirs}`);
    expect(reply).toMatchObject({ kind: "unsubscribed", removed: [{ id }] });
    if (reply.kind !== "unsubscribed") throw new Error(reply.kind);
    expect(unsubscribedLines(reply).at(-1)).toBe(`没有找到编号为 ${theirs} 的订阅。`);
    const again = await unsubscribe(group("-100", true), String(id));
    if (again.kind !== "unsubscribed") throw new Error(again.kind);
    expect(unsubscribedLines(again)).toEqual([
      `没有找到编号为 ${id} 的订阅。发送 /subscriptions 查看本会话的订阅及编号。`,
    ]);
  });

  it("the same chat id on another platform is another chat", async () => {
    const telegram = await subscribe(group("-100", true), "养老");
    await unsubscribe(group("-100", true, "feishu"), String(telegram));
    expect(await listSubscriptions(db, "telegram", "-100")).toHaveLength(1);
  });

  it("shows no recent matches for another chat's subscription", async () => {
    const theirs = await subscribe(group("-100", true), "养老");
    expect(await commands.recent(theirs, { platform: "telegram", chatId: "-200" })).toBeNull();
    expect(await commands.recent(theirs, { platform: "telegram", chatId: "-100" })).not.toBeNull();
  });

  it("a member who is not an admin is refused politely and changes nothing", async () => {
    const id = await subscribe(group("-100", true), "养老");
    const member = group("-100", false);
    for (const reply of [
      await commands.handle({ kind: "subscribe", filterText: "托育", recent: false }, member),
      await unsubscribe(member, String(id)),
      await commands.handle({ kind: "settings", args: "digest 8" }, member),
    ]) {
      expect(reply.kind).toBe("refused");
      expect(reply.kind === "refused" && reply.message).toMatch(/管理员/);
    }
    expect(await listSubscriptions(db, "telegram", "-100")).toHaveLength(1);
    // Reading is open to members.
    const list = await commands.handle({ kind: "subscriptions" }, member);
    expect(list).toMatchObject({ kind: "subscriptions" });
  });

  it("a filter typed twice is one subscription; the same filter in another topic is another", async () => {
    const a = await subscribe(group("-100", true), "养老 社区");
    const b = await subscribe(group("-100", true), "社区　養老");
    expect(b).toBe(a);
    const topic = await subscribe({ ...group("-100", true), threadId: "7" }, "养老 社区");
    expect(topic).not.toBe(a);
  });
});

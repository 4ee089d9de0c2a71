import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveQuestionContext, questionToFilter } from "../../src/alerts/question-filter.ts";
import { listReplies } from "../../src/storage/reply.repository.ts";
import { listSubscriptions } from "../../src/storage/subscription.repository.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import { cardActionEvent, messageEvent } from "../fakes/feishu-events.ts";
import { FakeFeishuServer, type FeishuCall } from "../fakes/feishu-open-api.ts";
import { type FeishuHarness, repliesTo, startFeishuHarness, visible } from "./feishu-harness.ts";

/** A group owned by ou_owner, managed by ou_mgr and ou_alice (who presses buttons in the fakes). */
const GROUP = "oc_sub_group";
/** A group where ou_alice is a plain member. */
const OTHER_GROUP = "oc_sub_other";
const DM = "oc_sub_dm";

let fake: FakeFeishuServer;
let h: FeishuHarness;
beforeAll(async () => {
  fake = await FakeFeishuServer.start();
  fake.chatInfo.set(GROUP, {
    chat_mode: "group",
    owner_id: "ou_owner",
    user_manager_id_list: ["ou_mgr", "ou_alice"],
  });
  fake.chatInfo.set(OTHER_GROUP, { chat_mode: "group", owner_id: "ou_owner" });
  h = await startFeishuHarness({ mode: "ws", fake });
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

/** Says `text` (as `sender`) and resolves with the bot's reply card. */
async function say(
  chatId: string,
  text: string,
  sender = "ou_alice",
  thread?: string,
): Promise<FeishuCall> {
  const chatType = chatId === DM ? "p2p" : "group";
  const made = messageEvent({ chatId, chatType, text, sender });
  const message = { ...made.event.message, ...(thread ? { thread_id: thread } : {}) };
  const event = { ...made, event: { ...made.event, message } };
  await fake.push(event);
  await h.adapter.idle();
  const [reply] = repliesTo(fake, event.event.message.message_id);
  return reply ?? expect.fail(`no reply to ${text}`);
}

/** Presses the button labelled `label` on a bot card; resolves with the ack and the reply the press sent. */
async function press(card: FeishuCall, chatId: string, label: string) {
  const button = readCard(String(card.body.content)).buttons.find((b) => b.label.includes(label));
  const ack = await fake.push(cardActionEvent(card.messageId ?? "", chatId, button?.value));
  await h.adapter.idle();
  const [sent] = repliesTo(fake, card.messageId ?? "").slice(-1);
  const data = ack.data as { toast?: { type: string; content: string } };
  return { toast: data.toast, sent };
}

const chatInfoCalls = (chatId: string) =>
  fake.calls.filter((c) => c.route === "chat_info" && c.path.endsWith(`/chats/${chatId}`));

describe("feishu: subscribing from a chat", () => {
  it("subscribes, lists, changes settings and unsubscribes in a direct chat", async () => {
    expect(visible(await say(DM, "/subscribe 高新技术企业"))).toContain("已订阅");
    expect(visible(await say(DM, "我的订阅"))).toContain("关键词「高新技术企业」");
    // A Feishu bot cannot send without a sound: the setting is refused with what to do instead.
    const silent = visible(await say(DM, "提醒设置 静音 开"));
    expect(silent).toContain("无法静音发送");
    expect(silent).toContain("/settings quiet 22-7");
    expect(silent).not.toContain("/settings silent on");
    expect(visible(await say(DM, "/settings"))).toContain("静音发送：关");
    expect(visible(await say(DM, "/settings quiet off"))).toContain("免打扰：无");
    expect(visible(await say(DM, "取消订阅 all"))).toContain("已取消 1 个订阅");
    expect(await listSubscriptions(h.app.db, "feishu", DM)).toEqual([]);
    expect(chatInfoCalls(DM)).toHaveLength(0);
  });

  it("answers a bad command with the forms it takes", async () => {
    const text = visible(await say(DM, "/unsubscribe 某个"));
    expect(text).toContain("/unsubscribe all");
    expect(text).toContain("/subscriptions");
  });

  it("in a group, lets the owner's managers subscribe and refuses other members (group info asked once)", async () => {
    expect(visible(await say(GROUP, "/subscribe 养老 -收费", "ou_bob"))).toContain(
      "只有群主或管理员",
    );
    expect(await listSubscriptions(h.app.db, "feishu", GROUP)).toEqual([]);
    // Said in a thread: alerts go to the chat all the same, so no thread is recorded.
    const made = await say(GROUP, "/subscribe 养老 -收费", "ou_mgr", "omt_thread_1");
    expect(visible(made)).toContain("已订阅");
    expect(visible(made)).not.toContain("话题");
    expect(visible(await say(GROUP, "/settings digest 7", "ou_owner"))).toContain("每天 07:00");
    expect(chatInfoCalls(GROUP)).toHaveLength(1);
    const [call] = chatInfoCalls(GROUP);
    expect(call?.token).toMatch(/^t-fake-/);
    const [sub] = await listSubscriptions(h.app.db, "feishu", GROUP);
    expect(sub?.createdBy).toBe("ou_mgr");
    expect(sub?.threadId).toBeNull();
    expect(sub?.filter.excluded).toEqual(["收费"]);
  });

  it("subscribes the group to an answer's question from the card's button", async () => {
    const question = "杨浦区现在有多少家高新技术企业和专精特新企业？";
    const answer = await say(GROUP, question);
    const { toast, sent } = await press(answer, GROUP, "订阅此问题");
    expect(toast?.content).toBe("已订阅");
    expect(visible(sent ?? expect.fail())).toContain("已订阅");
    const subs = await listSubscriptions(h.app.db, "feishu", GROUP);
    // The question's place and rarest words (questionToFilter over the live index), not the sentence.
    const derived = questionToFilter(question, liveQuestionContext(h.app.search));
    expect(subs.map((s) => s.filterText)).toContain(derived);
    expect(derived).toMatch(/^\S+( \S+){1,3}$/u);
    expect(derived).toContain("杨浦区");
    const recent = await press(sent ?? expect.fail(), GROUP, "查看最近匹配的答复");
    expect(visible(recent.sent ?? expect.fail())).toMatch(/〔\d{4}〕\d+号/);
  });

  it("subscribes to a reply card's 文号 from its button", async () => {
    const [newest] = await listReplies(h.app.db, { limit: 1 });
    const docNumber = newest?.docNumber ?? expect.fail("corpus without 文号");
    const card = await say(GROUP, `/doc ${docNumber}`);
    const { toast } = await press(card, GROUP, "订阅");
    expect(toast?.content).toBe("已订阅");
    const subs = await listSubscriptions(h.app.db, "feishu", GROUP);
    expect(subs.map((s) => s.filterText)).toContain(docNumber);
  });

  it("refuses the subscribe button to a member who does not manage the group", async () => {
    const answer = await say(OTHER_GROUP, "高新技术企业");
    const { toast } = await press(answer, OTHER_GROUP, "订阅此问题");
    expect(toast?.type).toBe("error");
    expect(toast?.content).toContain("只有群主或管理员");
    expect(await listSubscriptions(h.app.db, "feishu", OTHER_GROUP)).toEqual([]);
  });
});

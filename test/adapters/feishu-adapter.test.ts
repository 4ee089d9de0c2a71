import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChatStatus } from "../../src/storage/chat-status.repository.ts";
import { listReplies } from "../../src/storage/reply.repository.ts";
import { claimUpdate, UPDATE_LEASE_MS } from "../../src/storage/update-dedupe.repository.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import {
  botAddedEvent,
  cardActionEvent,
  chatEvent,
  messageEvent,
  postWebhook,
} from "../fakes/feishu-events.ts";
import { FakeFeishuServer } from "../fakes/feishu-open-api.ts";
import { tempDir } from "../helpers/corpus.ts";
import { fixtureReplyText } from "../helpers/fixture-replies.ts";
import {
  type FeishuHarness,
  repliesTo,
  replyTo,
  startFeishuHarness,
  visible,
} from "./feishu-harness.ts";

const HOSTILE = "园区数字化改造 <at id=all></at> 投入 5 * 3 亿元，详见 [x](y) </font> 结束。";
const GROUP = "oc_group_1";
const DM = "oc_dm_alice";

let fake: FakeFeishuServer;
let h: FeishuHarness;
let extra: { dir: string; cleanup: () => void };
let held: string[] = [];
beforeAll(async () => {
  extra = tempDir("dafu-fs-corpus-");
  writeFileSync(
    path.join(extra.dir, "hostile.txt"),
    fixtureReplyText({
      docNumber: "测经信复〔2025〕7号",
      issuer: "上海市测试经济和信息化委员会",
      number: "0999",
      title: "关于推进园区数字化改造的提案",
      topics: [["数字化改造", HOSTILE]],
      date: "2025-03-10",
    }),
  );
  fake = await FakeFeishuServer.start();
  h = await startFeishuHarness({ mode: "webhook", fake, ingest: [extra.dir] });
  const replies = await listReplies(h.app.db, { limit: 1000 });
  held = replies.map((r) => r.docNumber).filter((d): d is string => d !== null);
});
afterAll(async () => {
  await h.close();
  await fake.close();
  extra.cleanup();
});

const QUESTION = "高新技术企业有多少家";
const citesHeld = (text: string) => held.some((d) => text.includes(d));

/** Delivers a message event and waits until the bot has handled everything queued. */
async function say(event: ReturnType<typeof messageEvent>) {
  await h.deliver(event);
  await h.adapter.idle();
  return repliesTo(fake, event.event.message.message_id);
}

describe("feishu adapter (webhook): when it answers", () => {
  it("answers a group @bot question with one card citing an excerpt", async () => {
    const replies = await say(messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION }));
    expect(replies).toHaveLength(1);
    const call = replies[0] ?? expect.fail();
    expect(call.body.msg_type).toBe("interactive");
    expect(citesHeld(visible(call))).toBe(true);
    expect(String(call.body.uuid)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("stays silent without @bot, with @_all, or when someone else has the bot's name", async () => {
    for (const how of ["none", "all", "namesake"] as const)
      expect(
        await say(messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION, how })),
      ).toEqual([]);
  });

  it("answers the same event delivered twice once, also after a restart", async () => {
    const event = messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION });
    await say(event);
    await say(event);
    await h.restart();
    expect(await say(event)).toHaveLength(1);
  });

  it("answers a message whose claim was left unfinished by a crash, once the lease lapsed", async () => {
    const event = messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION });
    const id = event.event.message.message_id;
    // A process that claimed the message and died before answering.
    const crashedAt = Date.now() - UPDATE_LEASE_MS - 1000;
    expect(await claimUpdate(h.app.db, "feishu", id, crashedAt, UPDATE_LEASE_MS)).toBe(true);
    expect(await say(event)).toHaveLength(1);
    // Handled now: finished, so it never lapses again.
    const later = Date.now() + 10 * UPDATE_LEASE_MS;
    expect(await claimUpdate(h.app.db, "feishu", id, later, UPDATE_LEASE_MS)).toBe(false);
  });

  it("does not answer a message another process is answering (claim within its lease)", async () => {
    const event = messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION });
    const id = event.event.message.message_id;
    expect(await claimUpdate(h.app.db, "feishu", id, Date.now(), UPDATE_LEASE_MS)).toBe(true);
    expect(await say(event)).toEqual([]);
  });

  it("asks for text when sent an image", async () => {
    const event = messageEvent({
      chatId: DM,
      chatType: "p2p",
      messageType: "image",
      content: '{"image_key":"img_1"}',
    });
    const [reply] = await say(event);
    expect(visible(reply ?? expect.fail())).toContain("请发送文字消息");
  });

  it("reads /help and 最新 from the text, and a post message", async () => {
    const [help] = await say(messageEvent({ chatId: DM, chatType: "p2p", text: "帮助" }));
    expect(visible(help ?? expect.fail())).toContain("按文号查");
    const post = JSON.stringify({ title: "", content: [[{ tag: "text", text: "/latest" }]] });
    const [latest] = await say(
      messageEvent({ chatId: DM, chatType: "p2p", messageType: "post", content: post }),
    );
    expect(citesHeld(visible(latest ?? expect.fail()))).toBe(true);
  });

  it("greets a group it is added to", async () => {
    await h.deliver(botAddedEvent("oc_new_group"));
    await h.adapter.idle();
    const greeting = fake
      .sends()
      .find((c) => c.route === "create" && c.body.receive_id === "oc_new_group");
    expect(visible(greeting ?? expect.fail())).toContain("大家好");
  });
});

describe("feishu adapter (webhook): what it sends", () => {
  it("renders document text with markup as plain text", async () => {
    const [reply] = await say(
      messageEvent({ chatId: DM, chatType: "p2p", text: "园区数字化改造投入" }),
    );
    const content = String(reply?.body.content);
    expect(content).not.toMatch(/<at|\]\(|<\/font>[^"]*结束/);
    const text = visible(reply ?? expect.fail());
    // Ingest already reduces markdown links (`[x](y)` → `x`); the renderer tests cover them.
    for (const part of ["<at id=all></at>", "5 * 3", "</font>"]) expect(text).toContain(part);
  });

  it("turns the page on a button press, from the stored result set after a restart", async () => {
    const [first] = await say(messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION }));
    const card = readCard(String(first?.body.content));
    const next = card.buttons.find((b) => b.label.includes("下一页")) ?? expect.fail();
    await h.restart();
    const ack = await h.deliver(cardActionEvent(first?.messageId ?? "", GROUP, next.value));
    const data = (ack.data as { card?: { type: string; data: object } }).card ?? expect.fail();
    const page2 = readCard(JSON.stringify(data.data));
    expect(page2.text).toContain("第 2 页");
    expect(page2.text).not.toBe(card.text);
    expect(citesHeld(page2.text)).toBe(true);
  });

  it("refuses politely a button pressed in another chat than the one asked in", async () => {
    const [first] = await say(messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION }));
    const card = readCard(String(first?.body.content));
    const next = card.buttons.find((b) => b.label.includes("下一页")) ?? expect.fail();
    const ack = await h.deliver(
      cardActionEvent(first?.messageId ?? "", "oc_elsewhere", next.value),
    );
    const data = ack.data as { card?: unknown; toast?: { type: string; content: string } };
    expect(data.card).toBeUndefined();
    expect(data.toast?.type).toBe("error");
    expect(data.toast?.content).toContain("重新提问");
    const here = await h.deliver(cardActionEvent(first?.messageId ?? "", GROUP, next.value));
    expect((here.data as { card?: unknown }).card).toBeDefined();
  });

  it("backs off an injected 230020 and then replies once", async () => {
    fake.fail("reply", { status: 400, code: 230020 });
    const replies = await say(messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION }));
    expect(replies).toHaveLength(1);
    const limited = fake.calls.filter((c) => c.code === 230020);
    expect(limited.at(-1)?.body.uuid).toBe(replies[0]?.body.uuid);
  });

  it("drops a rejected token and retries the call once", async () => {
    fake.revokeTokens();
    expect(await say(messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION }))).toHaveLength(
      1,
    );
  });

  it("records a group that removed the bot (230002) and sends nothing there", async () => {
    fake.fail("reply", { status: 400, code: 230002 });
    expect(
      await say(messageEvent({ chatId: "oc_left", chatType: "group", text: QUESTION })),
    ).toEqual([]);
    expect((await getChatStatus(h.app.db, "feishu", "oc_left")).status).toBe("kicked");
  });

  it("refuses a request with a bad signature and answers the url_verification challenge", async () => {
    const event = messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION });
    const refused = await postWebhook(h.webhookUrl(), "test-encrypt-key-0123456789", event, {
      badSignature: true,
    });
    expect(refused.status).toBe(401);
    await h.adapter.idle();
    expect(repliesTo(fake, event.event.message.message_id)).toEqual([]);
    const challenge = await postWebhook(h.webhookUrl(), "test-encrypt-key-0123456789", {
      challenge: "ch-123",
      token: "",
      type: "url_verification",
    });
    expect(challenge.json).toEqual({ challenge: "ch-123" });
  });
});

describe("feishu adapter (webhook): staying up", () => {
  it("sends a refused card again as rich text, with its own uuid", async () => {
    fake.fail("reply", { status: 400, code: 230099 });
    const [reply] = await say(messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION }));
    expect(reply?.body.msg_type).toBe("post");
    expect(citesHeld(visible(reply ?? expect.fail()))).toBe(true);
  });

  it("waits out a gateway limit (429, x-ogw-ratelimit-reset) and replies once", async () => {
    const headers = { "x-ogw-ratelimit-reset": "0" };
    fake.fail("reply", { status: 429, code: 99991400, headers }, 2);
    const event = messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION });
    expect(await say(event)).toHaveLength(1);
  });

  it("records a disbanded group and a removal", async () => {
    await h.deliver(chatEvent("im.chat.disbanded_v1", "oc_gone"));
    await h.deliver(chatEvent("im.chat.member.bot.deleted_v1", "oc_kicked"));
    expect((await getChatStatus(h.app.db, "feishu", "oc_gone")).status).toBe("gone");
    expect((await getChatStatus(h.app.db, "feishu", "oc_kicked")).status).toBe("kicked");
  });
});

describe("feishu adapter: the monthly quota used up (99991403)", () => {
  it("stops sending after the first refusal", async () => {
    const f = await FakeFeishuServer.start();
    const q = await startFeishuHarness({ mode: "webhook", fake: f });
    try {
      f.fail("reply", { status: 429, code: 99991403 });
      await q.deliver(messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION }));
      await q.deliver(messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION }));
      await q.adapter.idle();
      expect(q.adapter.api.quotaExhausted).toBe(true);
      expect(f.calls.filter((c) => c.route === "reply")).toHaveLength(1);
    } finally {
      await q.close();
      await f.close();
    }
  });
});

describe("feishu adapter: a failing handler", () => {
  it("answers politely and keeps going", async () => {
    const f = await FakeFeishuServer.start();
    const broken = await startFeishuHarness({
      mode: "webhook",
      fake: f,
      wrap: (c) => ({ ...c, handle: async () => Promise.reject(new Error("boom")) }),
    });
    try {
      const event = messageEvent({ chatId: DM, chatType: "p2p", text: QUESTION });
      await broken.deliver(event);
      await broken.adapter.idle();
      const [sorry] = repliesTo(f, event.event.message.message_id);
      expect(visible(sorry ?? expect.fail())).toContain("抱歉");
      await replyTo(f, event.event.message.message_id);
    } finally {
      await broken.close();
      await f.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCard } from "../fakes/feishu-card-check.ts";
import { cardActionEvent, messageEvent } from "../fakes/feishu-events.ts";
import { FakeFeishuServer } from "../fakes/feishu-open-api.ts";
import { type FeishuHarness, repliesTo, startFeishuHarness, visible } from "./feishu-harness.ts";

const QUESTION = "高新技术企业有多少家";
const GROUP = "oc_ws_group";

let fake: FakeFeishuServer;
let h: FeishuHarness;
beforeAll(async () => {
  fake = await FakeFeishuServer.start();
  h = await startFeishuHarness({ mode: "ws", fake });
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

describe("feishu adapter (long connection)", () => {
  it("acknowledges an event frame and replies with a card", async () => {
    const event = messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION });
    const ack = await fake.push(event);
    expect(ack.code).toBe(200);
    await h.adapter.idle();
    const [reply] = repliesTo(fake, event.event.message.message_id);
    expect(visible(reply ?? expect.fail())).toMatch(/〔\d{4}〕\d+号/);
  });

  it("answers a redelivered event once and a fragmented one whole", async () => {
    const event = messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION });
    await fake.push(event);
    await fake.push(event);
    const split = messageEvent({ chatId: GROUP, chatType: "group", text: "帮助" });
    await fake.push(split, 2);
    await h.adapter.idle();
    expect(repliesTo(fake, event.event.message.message_id)).toHaveLength(1);
    expect(visible(repliesTo(fake, split.event.message.message_id)[0] ?? expect.fail())).toContain(
      "按文号查",
    );
  });

  it("returns the next page in the ack of a button press", async () => {
    const event = messageEvent({ chatId: GROUP, chatType: "group", text: QUESTION });
    await fake.push(event);
    await h.adapter.idle();
    const [first] = repliesTo(fake, event.event.message.message_id);
    const next = readCard(String(first?.body.content)).buttons.find((b) =>
      b.label.includes("下一页"),
    );
    const ack = await fake.push(cardActionEvent(first?.messageId ?? "", GROUP, next?.value));
    const card = (ack.data as { card?: { data: object } }).card ?? expect.fail();
    expect(readCard(JSON.stringify(card.data)).text).toContain("第 2 页");
  });

  it("reconnects when the server drops the connection", async () => {
    const before = fake.connections;
    fake.dropConnections();
    await fake.connected(before);
    const event = messageEvent({ chatId: "oc_dm", chatType: "p2p", text: QUESTION });
    await fake.push(event);
    await h.adapter.idle();
    expect(repliesTo(fake, event.event.message.message_id)).toHaveLength(1);
  });
});

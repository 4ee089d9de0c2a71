import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFeishuAlertSender } from "../../adapters/feishu/alert-sender.ts";
import { createOpenApi } from "../../adapters/feishu/open-api.ts";
import type { AlertSender } from "../../src/alerts/alert-types.ts";
import { EMPTY_FILTER } from "../../src/alerts/subscription-filter.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { deactivateChat } from "../../src/storage/alert-outbox.repository.ts";
import {
  addSubscription,
  getSubscription,
  removeSubscription,
} from "../../src/storage/subscription.repository.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import { botAddedEvent, cardActionEvent, chatEvent } from "../fakes/feishu-events.ts";
import { FAKE_APP, FakeFeishuServer, type FeishuCall } from "../fakes/feishu-open-api.ts";
import { alertItem, alertMessage, alertTarget, HOSTILE } from "./alert-fixtures.ts";
import { type FeishuHarness, replyTo, startFeishuHarness, visible } from "./feishu-harness.ts";

const CHAT = "oc_alerts000000000000000000000001";
const EVERYTHING = EMPTY_FILTER;

let fake: FakeFeishuServer;
let harness: FeishuHarness;
let sender: AlertSender;
let seen = 0;

beforeAll(async () => {
  fake = await FakeFeishuServer.start();
  harness = await startFeishuHarness({ mode: "ws", fake });
  sender = createFeishuAlertSender(harness.adapter.api);
});
afterAll(async () => {
  await harness.close();
  await fake.close();
});
beforeEach(() => {
  seen = fake.calls.length;
});

const subscribeChat = (chatId: string) =>
  addSubscription(harness.app.db, {
    platform: "feishu",
    chatId,
    threadId: null,
    filterText: "",
    filter: EVERYTHING,
    createdBy: null,
  });
const target = (key: string) => alertTarget(CHAT, { platform: "feishu", key });
const creates = (): FeishuCall[] => fake.calls.slice(seen).filter((c) => c.route === "create");
const cardOf = (call: FeishuCall | undefined) => readCard(String(call?.body.content));
const behaviors = (call: FeishuCall | undefined) =>
  JSON.stringify(JSON.parse(String(call?.body.content)).body.elements);

describe("feishu alert sender: the platform call", () => {
  it("sends one alert as one interactive card, its uuid the target's key", async () => {
    const outcome = await sender.send(target("alert-1"), alertMessage([alertItem()]));
    expect(outcome.kind).toBe("sent");
    const [call] = creates();
    expect(creates()).toHaveLength(1);
    expect(call?.body).toMatchObject({
      receive_id: CHAT,
      msg_type: "interactive",
      uuid: "alert-1",
    });
    const card = cardOf(call);
    expect(card.title).toBe("订阅提醒：新答复");
    for (const part of [
      "关于加快乡村客运站建设的建议的答复",
      "某交提复〔2024〕12号",
      "某某县 · 某某县交通运输局 · 2024-06-18",
      "办理结果：A类（已解决或采纳）",
      "匹配章节：二、下一步工作打算",
      "年内完成三个乡镇客运站的改造",
    ])
      expect(card.text).toContain(part);
    expect(card.buttons).toEqual([{ label: "打开答复", value: { v: "open", reply: 41 } }]);
    expect(outcome).toEqual({ kind: "sent", messageId: call?.messageId });
  });

  it("opens a page source with a URL button", async () => {
    const item = alertItem({ source: "https://gov.example.cn/zwgk/2024/12.html" });
    await sender.send(target("alert-url"), alertMessage([item]));
    expect(behaviors(creates()[0])).toContain(
      '{"type":"open_url","default_url":"https://gov.example.cn/zwgk/2024/12.html"}',
    );
  });

  it("sends a digest as one card with an open button per reply", async () => {
    const items = [1, 2, 3].map((n) => alertItem({ replyId: n, title: `答复${n}` }));
    await sender.send(target("digest-3"), alertMessage(items));
    expect(creates()).toHaveLength(1);
    const card = cardOf(creates()[0]);
    expect(card.title).toBe("订阅提醒：3 份新答复");
    expect(card.buttons.map((b) => b.label)).toEqual(["打开 1", "打开 2", "打开 3"]);
  });

  it("splits a big digest into cards under the size limit, every reply once", async () => {
    const long = "很长的摘录，".repeat(400);
    const items = Array.from({ length: 25 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long, section: long }),
    );
    expect((await sender.send(target("digest-25"), alertMessage(items, true))).kind).toBe("sent");
    const calls = creates();
    expect(calls.length).toBeGreaterThan(2);
    for (const call of calls) expect(cardOf(call).bytes).toBeLessThanOrEqual(25_000);
    const text = calls.map((c) => cardOf(c).text).join("\n");
    for (let i = 1; i <= 25; i++) expect(text.split(`第${i}份答复`)).toHaveLength(2);
    expect(new Set(calls.map((c) => c.body.uuid)).size).toBe(calls.length);
  });

  it("sends a refused part of a split digest as rich text of its own replies", async () => {
    const items = Array.from({ length: 25 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复` }),
    );
    const off = fake.onCall((call) => {
      if (call.route !== "create" || call.code !== 0) return;
      off();
      fake.fail("create", { status: 400, code: 230099 });
    });
    expect((await sender.send(target("digest-refused"), alertMessage(items))).kind).toBe("sent");
    const sent = creates().filter((c) => c.code === 0);
    expect(sent.map((c) => c.body.msg_type)).toContain("post");
    const text = sent.map(visible).join("\n");
    for (let i = 1; i <= 25; i++) expect(text.split(`第${i}份答复`)).toHaveLength(2);
  });

  it("says 已更新 and what changed for a revision", async () => {
    const item = alertItem({ revised: true, changes: ["办理结果：B类 → A类"] });
    await sender.send(target("revised"), alertMessage([item]));
    const card = cardOf(creates()[0]);
    expect(card.title).toBe("订阅提醒：答复已更新");
    expect(card.text).toContain("〔已更新〕");
    expect(card.text).toContain("已更新：办理结果：B类 → A类");
  });

  it("keeps hostile document text as text (the strict card reader accepts the card)", async () => {
    const item = alertItem({ title: HOSTILE, excerpt: HOSTILE, section: HOSTILE, issuer: HOSTILE });
    expect((await sender.send(target("hostile"), alertMessage([item]))).kind).toBe("sent");
    const card = cardOf(creates()[0]);
    // Markup shows as typed; a scheme's :// is written ：// so nothing links.
    expect(card.text).toContain('<b>粗</b><a href="https：//evil.example/x">点我</a> **星**');
    expect(card.text).toContain("<at id=all></at>");
    expect(card.text).not.toContain("\u001b");
  });

  it("sends a refused card again as rich text", async () => {
    fake.fail("create", { status: 400, code: 230099 });
    expect((await sender.send(target("refused"), alertMessage([alertItem()]))).kind).toBe("sent");
    expect(creates().map((c) => c.body.msg_type)).toEqual(["interactive", "post"]);
  });
});

describe("feishu answers and alerts on one pacer", () => {
  it("an answer takes a slot at answer priority (ahead of alerts); an alert send takes none here", async () => {
    const config = loadConfig({
      DAFU_LOG_LEVEL: "silent",
      FEISHU_APP_ID: FAKE_APP.appId,
      FEISHU_APP_SECRET: FAKE_APP.appSecret,
      FEISHU_DOMAIN: fake.domain,
    }).feishu;
    if (!config) throw new Error("feishu config missing");
    const granted: string[] = [];
    const pacer = {
      waiting: 0,
      async acquire(chatId: string, priority?: string) {
        granted.push(`${chatId}:${priority}`);
      },
    };
    const api = createOpenApi({ config, log: createLogger("silent"), pacer });
    const message = {
      msgType: "post",
      content: JSON.stringify({ zh_cn: { content: [] } }),
    } as const;
    await api.create(CHAT, message, "pacer-answer");
    await api.create(CHAT, message, "pacer-alert", { alert: true });
    expect(granted).toEqual([`${CHAT}:answer`]);
    expect(creates()).toHaveLength(2);
  });
});

describe("feishu alert sender: errors as outcomes", () => {
  it("reports a gateway limit as rate_limited with the reset header's wait, without retrying", async () => {
    const headers = { "x-ogw-ratelimit-reset": "3" };
    fake.fail("create", { status: 429, code: 99991400, headers });
    const outcome = await sender.send(target("limited"), alertMessage([alertItem()]));
    expect(outcome).toEqual({ kind: "rate_limited", retryAfterMs: 3000 });
    expect(creates()).toHaveLength(1);
  });

  it("maps a removed bot to a pause, a disbanded chat, a bad chat and a blocked user", async () => {
    const cases: [number, object][] = [
      [230002, { reason: "bot_removed", pause: true }],
      [232009, { reason: "disbanded", pause: false }],
      [230034, { reason: "chat_not_found", pause: false }],
      [230013, { reason: "blocked", pause: false }],
    ];
    for (const [code, expected] of cases) {
      fake.fail("create", { status: 400, code });
      const outcome = await sender.send(target(`code-${code}`), alertMessage([alertItem()]));
      expect(outcome).toMatchObject({ kind: "undeliverable", ...expected });
    }
  });

  it("reports a card refused again as rich text as rejected (the message, not the chat)", async () => {
    fake.fail("create", { status: 400, code: 230099 });
    fake.fail("create", { status: 400, code: 230028 });
    const outcome = await sender.send(target("refused-twice"), alertMessage([alertItem()]));
    expect(outcome).toMatchObject({ kind: "rejected", error: expect.stringContaining("230028") });
    expect(creates().map((c) => c.body.msg_type)).toEqual(["interactive", "post"]);
  });

  it("takes a pacer slot for each later card of a split digest and for a rich-text copy", async () => {
    const granted: string[] = [];
    const pacer = {
      waiting: 0,
      async acquire(chatId: string, priority?: string) {
        granted.push(`${chatId}:${priority}:${creates().length}`);
      },
    };
    const paced = createFeishuAlertSender(harness.adapter.api, { pacer });
    const long = "很长的摘录，".repeat(400);
    const items = Array.from({ length: 25 }, (_, i) =>
      alertItem({ replyId: i + 1, title: `第${i + 1}份答复`, excerpt: long, section: long }),
    );
    expect((await paced.send(target("paced-digest"), alertMessage(items))).kind).toBe("sent");
    const cards = creates().length;
    expect(cards).toBeGreaterThan(2);
    expect(granted).toEqual(Array.from({ length: cards - 1 }, (_, i) => `${CHAT}:alert:${i + 1}`));
    granted.length = 0;
    seen = fake.calls.length;
    fake.fail("create", { status: 400, code: 230099 });
    expect((await paced.send(target("paced-refused"), alertMessage([alertItem()]))).kind).toBe(
      "sent",
    );
    expect(granted).toEqual([`${CHAT}:alert:1`]);
  });

  it("retries with the same uuid, so Feishu posts once", async () => {
    fake.fail("create", { status: 503, code: 230049 });
    const message = alertMessage([alertItem()]);
    expect((await sender.send(target("retry-key"), message)).kind).toBe("transient");
    expect((await sender.send(target("retry-key"), message)).kind).toBe("sent");
    expect((await sender.send(target("retry-key"), message)).kind).toBe("sent");
    const calls = creates();
    expect(calls.map((c) => c.body.uuid)).toEqual(["retry-key", "retry-key", "retry-key"]);
    expect(calls.filter((c) => c.code === 0 && !c.deduped)).toHaveLength(1);
  });
});

describe("feishu alerts end to end", () => {
  it("pauses on 230002 and is active again when the bot is added back", async () => {
    const db = harness.app.db;
    const chatId = "oc_paused00000000000000000000001";
    const sub = await subscribeChat(chatId);
    fake.fail("create", { status: 400, code: 230002 });
    const outcome = await sender.send(
      alertTarget(chatId, { platform: "feishu" }),
      alertMessage([alertItem()]),
    );
    expect(outcome).toMatchObject({ kind: "undeliverable", reason: "bot_removed", pause: true });
    // What the dispatcher does with that outcome.
    await deactivateChat(db, "feishu", chatId, "bot_removed", true);
    expect((await getSubscription(db, sub.id))?.status).toBe("paused");
    await harness.deliver(botAddedEvent(chatId));
    expect((await getSubscription(db, sub.id))?.status).toBe("active");
  });

  it("pauses on the bot-removed event and stops on the disbanded event", async () => {
    const db = harness.app.db;
    const removed = await subscribeChat("oc_removed0000000000000000000001");
    const disbanded = await subscribeChat("oc_disband0000000000000000000001");
    await harness.deliver(chatEvent("im.chat.member.bot.deleted_v1", removed.chatId));
    await harness.deliver(chatEvent("im.chat.disbanded_v1", disbanded.chatId));
    expect(await getSubscription(db, removed.id)).toMatchObject({
      status: "paused",
      statusReason: "bot_removed",
    });
    expect(await getSubscription(db, disbanded.id)).toMatchObject({
      status: "inactive",
      statusReason: "disbanded",
    });
    await harness.deliver(botAddedEvent(removed.chatId));
    expect((await getSubscription(db, removed.id))?.status).toBe("active");
  });

  it("leaves an unsubscribed subscription inactive when the bot is added back", async () => {
    const db = harness.app.db;
    const chatId = "oc_unsub000000000000000000000001";
    const sub = await subscribeChat(chatId);
    await removeSubscription(db, "feishu", chatId, sub.id);
    await harness.deliver(botAddedEvent(chatId));
    expect((await getSubscription(db, sub.id))?.status).toBe("inactive");
  });

  it("posts the reply's card when the open button is pressed", async () => {
    const row = await harness.app.db
      .selectFrom("reply")
      .select(["id"])
      .limit(1)
      .executeTakeFirstOrThrow();
    const item = alertItem({ replyId: row.id, source: "corpus/file.txt" });
    await sender.send(target("open-e2e"), alertMessage([item]));
    // (Greetings for the bot-added events above may come in between.)
    const alert = creates().find((c) => c.body.uuid === "open-e2e");
    const button = cardOf(alert).buttons[0];
    const ack = await harness.deliver(
      cardActionEvent(String(alert?.messageId), CHAT, button?.value),
    );
    expect(JSON.stringify(ack)).toContain("已发送");
    const posted = await replyTo(fake, String(alert?.messageId));
    expect(cardOf(posted).text).toContain("提纲");
  });
});

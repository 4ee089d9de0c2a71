import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createFeishuAlertSender } from "../../adapters/feishu/alert-sender.ts";
import { createOpenApi } from "../../adapters/feishu/open-api.ts";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import type { AlertSender } from "../../src/alerts/alert-types.ts";
import {
  createRateLimiter,
  FEISHU_LIMITS,
  TELEGRAM_LIMITS,
} from "../../src/alerts/rate-limiter.ts";
import { parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import type { App } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { addSubscription } from "../../src/storage/subscription.repository.ts";
import { readCard } from "../fakes/feishu-card-check.ts";
import { FAKE_APP, FakeFeishuServer } from "../fakes/feishu-open-api.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";
import { until } from "../helpers/until.ts";
import { openWatchedApp, type WatchedApp } from "../helpers/watched-app.ts";
import { outbox, sentTexts } from "./alert-fixtures.ts";

/**
 * End to end through the bot's own parts: a reply file dropped into the
 * watched corpus folder is ingested by the watcher, matched against the
 * stored subscriptions, and delivered by the dispatcher to the fake
 * platform servers: to the matching chats once each, to the others never.
 */

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/replies/r03-joint-signature.txt");
/** What the fixture's alert must show (its 文号, place and title words). */
const DOC_NUMBER = "岳教复〔2023〕15号";
const PLACE = "岳麓区";
const TITLE = "第0073号建议的答复";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The app as the bot opens it with the corpus watcher on (short debounce). */
async function watchedApp(env: Record<string, string> = {}): Promise<WatchedApp> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return openWatchedApp(dir, cleanups, { env });
}

const subscribeTo = (app: App, platform: string, chatId: string, filterText: string) =>
  addSubscription(app.db, {
    platform,
    chatId,
    threadId: null,
    filterText,
    filter: parseSubscriptionFilter(filterText),
    createdBy: null,
  });

/** Starts the bot's dispatcher over `sender`, polling often so the test is quick. */
function startDispatcher(app: App, sender: AlertSender, limits = TELEGRAM_LIMITS): void {
  const dispatcher = createAlertDispatcher({
    db: app.db,
    senders: [sender],
    limiters: { [sender.platform]: createRateLimiter(limits) },
    pollMs: 100,
  });
  dispatcher.start();
  cleanups.push(() => dispatcher.stop());
}

/** Resolves once `rows` outbox rows exist and all are sent. */
const delivered = (app: App, rows: number) =>
  until(
    async () => {
      const all = await outbox(app.db);
      return all.length >= rows && all.every((r) => r.state === "sent");
    },
    `${rows} outbox rows sent`,
    30_000,
  );

/** The fixture with one figure changed, as a department would revise it. */
function revisedFixture(): string {
  const text = readFileSync(FIXTURE, "utf8");
  const changed = text.replace("86所", "92所");
  expect(changed).not.toBe(text);
  return changed;
}

describe("a file dropped into the watched corpus folder", () => {
  it("alerts each matching Telegram chat once, not the others; a rewrite alerts them as 已更新", async () => {
    const w = await watchedApp();
    const fake = await FakeTelegramServer.start();
    cleanups.push(() => fake.close());
    const chats = { keyword: 801, placeYear: 802, otherTopic: 803, excluded: 804 };
    for (const id of Object.values(chats))
      fake.addChat({ id, type: "private", first_name: "用户" });
    await subscribeTo(w.app, "telegram", String(chats.keyword), "护学岗");
    await subscribeTo(w.app, "telegram", String(chats.placeYear), "岳麓区 2023");
    await subscribeTo(w.app, "telegram", String(chats.otherTopic), "章江");
    await subscribeTo(w.app, "telegram", String(chats.excluded), "岳麓区 -护学岗");
    startDispatcher(
      w.app,
      createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot })),
    );
    const texts = (chat: number) => sentTexts(fake, chat);

    copyFileSync(FIXTURE, path.join(w.corpus, "r03.txt"));
    await until(() => w.results.length > 0, "the watcher's ingest", 30_000);
    expect(w.results.map((r) => r.outcome)).toEqual(["added"]);
    await delivered(w.app, 2);
    for (const chat of [chats.keyword, chats.placeYear]) {
      expect(texts(chat)).toHaveLength(1);
      for (const part of [DOC_NUMBER, PLACE, TITLE]) expect(texts(chat)[0]).toContain(part);
      expect(texts(chat)[0]).not.toContain("已更新");
    }
    expect(texts(chats.otherTopic)).toEqual([]);
    expect(texts(chats.excluded)).toEqual([]);

    writeFileSync(path.join(w.corpus, "r03.txt"), revisedFixture());
    await until(() => w.results.length > 1, "the watcher's second ingest", 30_000);
    expect(w.results.map((r) => r.outcome)).toEqual(["added", "revised"]);
    await delivered(w.app, 4);
    for (const chat of [chats.keyword, chats.placeYear]) {
      expect(texts(chat)).toHaveLength(2);
      expect(texts(chat)[1]).toContain("已更新");
      expect(texts(chat)[1]).toContain(DOC_NUMBER);
    }
    expect(texts(chats.otherTopic)).toEqual([]);
    expect(texts(chats.excluded)).toEqual([]);
    expect(await outbox(w.app.db)).toHaveLength(4);
  }, 60_000);

  it("alerts the matching Feishu chat with one card, not the other; a rewrite as 已更新", async () => {
    const fake = await FakeFeishuServer.start();
    cleanups.push(() => fake.close());
    const w = await watchedApp({
      FEISHU_APP_ID: FAKE_APP.appId,
      FEISHU_APP_SECRET: FAKE_APP.appSecret,
      FEISHU_DOMAIN: fake.domain,
    });
    const feishu = w.app.config.feishu;
    if (!feishu) throw new Error("feishu config missing");
    const api = createOpenApi({ config: feishu, log: createLogger("silent") });
    const matching = "oc_watch00000000000000000000000001";
    const other = "oc_watch00000000000000000000000002";
    await subscribeTo(w.app, "feishu", matching, "护学岗 岳麓区");
    await subscribeTo(w.app, "feishu", other, "章江");
    startDispatcher(w.app, createFeishuAlertSender(api), FEISHU_LIMITS);
    const cards = (chat: string) =>
      fake
        .sends()
        .filter((c) => c.route === "create" && c.body.receive_id === chat)
        .map((c) => readCard(String(c.body.content)));

    copyFileSync(FIXTURE, path.join(w.corpus, "r03.txt"));
    await delivered(w.app, 1);
    expect(cards(matching)).toHaveLength(1);
    const [card] = cards(matching);
    expect(card?.title).toBe("订阅提醒：新答复");
    for (const part of [DOC_NUMBER, PLACE, TITLE]) expect(card?.text).toContain(part);
    expect(cards(other)).toEqual([]);

    writeFileSync(path.join(w.corpus, "r03.txt"), revisedFixture());
    await delivered(w.app, 2);
    expect(cards(matching)).toHaveLength(2);
    expect(cards(matching)[1]?.title).toBe("订阅提醒：答复已更新");
    expect(cards(matching)[1]?.text).toContain(DOC_NUMBER);
    expect(cards(other)).toEqual([]);
  }, 60_000);
});

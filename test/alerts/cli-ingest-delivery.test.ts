import { mkdirSync } from "node:fs";
import path from "node:path";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAlertSender } from "../../adapters/telegram/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { createRateLimiter, TELEGRAM_LIMITS } from "../../src/alerts/rate-limiter.ts";
import { openDataDirDatabase } from "../../src/storage/database.ts";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { tempDir } from "../helpers/corpus.ts";
import { ingestProcess, outbox, subscribe, topicReply, writeReply } from "./alert-fixtures.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("a CLI ingest in another process, while the bot's dispatcher runs", () => {
  it("alerts the matching chats on the fake Telegram server, not the others; a revision as 已更新", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const folder = path.join(dir, "replies");
    mkdirSync(folder);
    const db = await openDataDirDatabase(path.join(dir, "data"));
    cleanups.push(() => db.destroy());
    const fake = await FakeTelegramServer.start();
    cleanups.push(() => fake.close());
    for (const id of [701, 702, 703]) fake.addChat({ id, type: "private", first_name: "用户" });
    await subscribe(db, "701", "养老服务");
    await subscribe(db, "702", "低空经济");
    await subscribe(db, "703", "");
    // As the bot runs it: the default poll of about a second, Telegram's limits.
    const dispatcher = createAlertDispatcher({
      db,
      senders: [createTelegramAlertSender(new Api(fake.token, { apiRoot: fake.apiRoot }))],
      limiters: { telegram: createRateLimiter(TELEGRAM_LIMITS) },
    });
    dispatcher.start();
    cleanups.push(() => dispatcher.stop());
    const texts = (chat: number) =>
      fake
        .callsOf("sendMessage")
        .filter((c) => c.ok && c.payload.chat_id === chat)
        .map((c) => String(c.payload.text));
    const delivered = async (rows: number) => {
      for (;;) {
        const all = await outbox(db);
        if (all.length >= rows && all.every((r) => r.state === "sent")) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    writeReply(folder, "a.md", topicReply(1, "养老服务"));
    writeReply(folder, "b.md", topicReply(2, "城市更新"));
    expect(await ingestProcess(folder, path.join(dir, "data"))).toBe(0);
    await delivered(3);
    expect(texts(701)).toHaveLength(1);
    expect(texts(701)[0]).toContain("沪测复〔2025〕1号");
    expect(texts(701)[0]).not.toContain("沪测复〔2025〕2号");
    expect(texts(702)).toEqual([]);
    // Each reply once (one digest when the dispatcher found both rows due at once, else two messages).
    const everything = texts(703).join("\n");
    expect(everything.split("沪测复〔2025〕1号")).toHaveLength(2);
    expect(everything.split("沪测复〔2025〕2号")).toHaveLength(2);

    writeReply(folder, "a.md", topicReply(1, "养老服务", { figure: 25 }));
    expect(await ingestProcess(folder, path.join(dir, "data"))).toBe(0);
    await delivered(5);
    expect(texts(701)).toHaveLength(2);
    expect(texts(701)[1]).toContain("已更新");
    expect(texts(703).at(-1)).toContain("已更新");
    expect(texts(703).at(-1)).toContain("沪测复〔2025〕1号");
    expect(texts(702)).toEqual([]);
  }, 60_000);
});

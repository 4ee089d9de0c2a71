import { afterEach, describe, expect, it } from "vitest";
import {
  ingestProcess,
  outbox,
  sentTexts,
  subscribe,
  telegramDelivery,
  topicReply,
  writeReply,
} from "./alert-fixtures.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("a CLI ingest in another process, while the bot's dispatcher runs", () => {
  it("alerts the matching chats on the fake Telegram server, not the others; a revision as 已更新", async () => {
    const { folder, dataDir, db, fake, startDispatcher } = await telegramDelivery(
      [701, 702, 703],
      cleanups,
    );
    await subscribe(db, "701", "养老服务");
    await subscribe(db, "702", "低空经济");
    await subscribe(db, "703", "");
    // As the bot runs it: the default poll of about a second, Telegram's limits.
    startDispatcher();
    const texts = (chat: number) => sentTexts(fake, chat);
    const delivered = async (rows: number) => {
      for (;;) {
        const all = await outbox(db);
        if (all.length >= rows && all.every((r) => r.state === "sent")) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    writeReply(folder, "a.md", topicReply(1, "养老服务"));
    writeReply(folder, "b.md", topicReply(2, "城市更新"));
    expect(await ingestProcess(folder, dataDir)).toBe(0);
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
    expect(await ingestProcess(folder, dataDir)).toBe(0);
    await delivered(5);
    expect(texts(701)).toHaveLength(2);
    expect(texts(701)[1]).toContain("已更新");
    expect(texts(703).at(-1)).toContain("已更新");
    expect(texts(703).at(-1)).toContain("沪测复〔2025〕1号");
    expect(texts(702)).toEqual([]);
  }, 60_000);
});

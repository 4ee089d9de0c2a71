import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_GATHER_MS, saveChatSettings } from "../../src/alerts/alert-schedule.ts";
import { describeChanges } from "../../src/alerts/revision-changes.ts";
import { ingestFile } from "../../src/ingest/ingest.ts";
import { HELD_DUE_AT } from "../../src/storage/alert-chat.repository.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { tempDir } from "../helpers/corpus.ts";
import { outbox, subscribe, topicReply, writeReply } from "./alert-fixtures.ts";

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
  cleanup();
});

describe("outbox rows written with the reply", () => {
  it("an added reply: one row per matching active subscription, none for the others", async () => {
    const elderly = await subscribe(db, "100", "养老服务", { threadId: "7" });
    const all = await subscribe(db, "200", "");
    await subscribe(db, "300", "垃圾分类");
    await subscribe(db, "400", "养老服务", { status: "inactive" });
    await subscribe(db, "500", "养老服务 -街道");

    const before = Date.now();
    const result = await ingestFile(db, writeReply(dir, "a.md", topicReply(1, "养老服务")));
    expect(result.outcome).toBe("added");

    const rows = await outbox(db);
    expect(rows.map((r) => [r.subscription_id, r.chat_id])).toEqual([
      [elderly, "100"],
      [all, "200"],
    ]);
    const [row] = rows;
    expect(row).toMatchObject({ reply_id: result.replyId, revised: 0, changes: null });
    expect(row).toMatchObject({ state: "pending", thread_id: "7", platform: "telegram" });
    expect(row?.send_key).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(rows.map((r) => r.send_key)).size).toBe(2);
    expect(row?.due_at).toBeGreaterThanOrEqual(before);
    // The keyword's section is the one the alert shows.
    expect(row?.section_position).toBe(1);
  });

  it("unchanged: nothing; revised: one new row with revised=1 and what changed", async () => {
    const sub = await subscribe(db, "100", "养老服务");
    const funds = await subscribe(db, "200", "专项资金");
    const file = writeReply(dir, "a.md", topicReply(1, "养老服务", { result: "B类" }));
    await ingestFile(db, file);
    expect((await ingestFile(db, file)).outcome).toBe("unchanged");
    expect(await outbox(db)).toHaveLength(1);

    const revisedText = topicReply(1, "养老服务", {
      result: "A类",
      figure: 12,
      more: [["资金保障", "安排专项资金2000万元。"]],
    });
    expect((await ingestFile(db, writeReply(dir, "a.md", revisedText))).outcome).toBe("revised");
    const rows = await outbox(db);
    expect(rows).toHaveLength(3);
    const [first, second, third] = rows;
    // The revision first matches the other subscription: to that chat it is a new reply.
    expect(third).toMatchObject({ subscription_id: funds, revised: 0, changes: null });
    expect(third?.reply_version).toBe(second?.reply_version);
    expect(second).toMatchObject({ subscription_id: sub, revised: 1, reply_id: first?.reply_id });
    expect(second?.reply_version).toBeGreaterThan(first?.reply_version ?? 0);
    expect(second?.send_key).not.toBe(first?.send_key);
    expect(JSON.parse(second?.changes ?? "[]")).toEqual([
      "办理结果：B类 → A类",
      "新增：“关于“资金保障”的建议”",
      "修改：“关于“养老服务”的建议”：“关于“养老服务”的建议，本市已建成养老服务项目12个，覆盖全部街道。”",
    ]);
  });

  it("a failure after saveReply rolls back the reply and its outbox rows together", async () => {
    await subscribe(db, "100", "养老服务");
    // Fails the ingest log insert, which comes after the reply and the outbox rows.
    await sql`create trigger fail_log before insert on ingest_log when new.outcome <> 'failed'
      begin select raise(abort, 'disk full'); end`.execute(db);
    const result = await ingestFile(db, writeReply(dir, "a.md", topicReply(1, "养老服务")));
    expect(result.outcome).toBe("failed");
    expect(await db.selectFrom("reply").select("id").execute()).toHaveLength(0);
    expect(await outbox(db)).toHaveLength(0);

    await sql`drop trigger fail_log`.execute(db);
    expect((await ingestFile(db, writeReply(dir, "a.md", topicReply(1, "养老服务")))).outcome).toBe(
      "added",
    );
    expect(await outbox(db)).toHaveLength(1);
  });

  it("sees subscriptions made and ended between ingests (the cached matcher is rebuilt)", async () => {
    const first = await subscribe(db, "100", "养老服务");
    await ingestFile(db, writeReply(dir, "a.md", topicReply(1, "养老服务")));
    const second = await subscribe(db, "200", "养老服务");
    await db
      .withTables<AlertTables>()
      .updateTable("subscription")
      .set({ status: "inactive", status_at: Date.now() + 1 })
      .where("id", "=", first)
      .execute();
    await ingestFile(db, writeReply(dir, "b.md", topicReply(2, "养老服务")));
    const rows = await outbox(db);
    expect(rows.map((r) => [r.reply_id, r.subscription_id])).toEqual([
      [rows[0]?.reply_id, first],
      [rows[1]?.reply_id, second],
    ]);
    expect(rows[0]?.reply_id).not.toBe(rows[1]?.reply_id);
  });

  it("keeps the cached matcher right through additions, ends and reactivations", async () => {
    const subs = db.withTables<AlertTables>();
    const setStatus = (id: number, status: string) =>
      subs.updateTable("subscription").set({ status }).where("id", "=", id).execute();
    const a = await subscribe(db, "100", "养老服务");
    const matchedBy = async (serial: number) => {
      const result = await ingestFile(
        db,
        writeReply(dir, `r${serial}.md`, topicReply(serial, "养老服务")),
      );
      const rows = await outbox(db);
      return rows.filter((r) => r.reply_id === result.replyId).map((r) => r.subscription_id);
    };
    expect(await matchedBy(1)).toEqual([a]);
    const b = await subscribe(db, "200", "养老服务");
    expect(await matchedBy(2)).toEqual([a, b]);
    // Ended without a new status time: the sum of live ids still tells.
    await setStatus(a, "inactive");
    const c = await subscribe(db, "300", "养老服务");
    expect(await matchedBy(3)).toEqual([b, c]);
    await setStatus(a, "active");
    expect(await matchedBy(4)).toEqual([a, b, c]);
  });

  it("a paused subscription's row is held until the bot is re-added", async () => {
    const paused = await subscribe(db, "100", "养老服务", { platform: "feishu", status: "paused" });
    await ingestFile(db, writeReply(dir, "a.md", topicReply(1, "养老服务")));
    const [row] = await outbox(db);
    expect(row).toMatchObject({ subscription_id: paused, due_at: HELD_DUE_AT, state: "pending" });
    // A settings change does not release it.
    await saveChatSettings(db, "feishu", "100", { silent: true }, { timeZone: "UTC" });
    expect((await outbox(db))[0]?.due_at).toBe(HELD_DUE_AT);
  });

  it("due time follows the chat's settings (a digest waits for its hour)", async () => {
    await subscribe(db, "100", "养老服务");
    await subscribe(db, "200", "养老服务");
    await saveChatSettings(db, "telegram", "200", { delivery: "digest", digestHour: 20 });
    const before = Date.now();
    await ingestFile(db, writeReply(dir, "a.md", topicReply(1, "养老服务")), {
      timeZone: "UTC",
    });
    const [instant, digest] = await outbox(db);
    // Instant: due once the chat's gather window (default 2 s) has passed.
    expect(instant?.due_at).toBe((instant?.created_at ?? 0) + DEFAULT_GATHER_MS);
    expect(instant?.created_at).toBeGreaterThanOrEqual(before);
    const due = new Date(digest?.due_at ?? 0);
    expect([due.getUTCHours(), due.getUTCMinutes()]).toEqual([20, 0]);
    expect(digest?.due_at).toBeGreaterThan(before);
    expect(digest?.due_at).toBeLessThanOrEqual(before + 24 * 3600 * 1000);
  });
});

describe("describeChanges", () => {
  const base = {
    docNumber: "测〔2025〕1号",
    date: "2025-03-04",
    title: "答复",
    proposalTitle: null,
    resultCategory: "B" as const,
    resultLabel: "B类",
    sections: [
      { title: "一", text: "甲" },
      { title: "二", text: "乙" },
    ],
  };

  it("names the result, date, 文号 and the sections added, removed and changed", () => {
    const after = {
      ...base,
      docNumber: "测〔2025〕2号",
      date: "2025-04-01",
      resultCategory: "A" as const,
      sections: [
        { title: "一", text: "甲改" },
        { title: "三", text: "丙" },
      ],
    };
    expect(describeChanges(base, after)).toEqual([
      "办理结果：B类 → A类",
      "文号：测〔2025〕1号 → 测〔2025〕2号",
      "日期：2025-03-04 → 2025-04-01",
      "新增：“三”",
      "删除：“二”",
      "修改：“一”：“甲改”",
    ]);
  });

  it("quotes the first new sentence of a changed section, clipped, so a changed figure is seen", () => {
    const long = "县道全长18.6公里，沿线弯多坡陡。".repeat(3);
    const text = (n: number) =>
      `${long}共排查出临水临崖路段${n}处、合计2.3公里，已全部设置护栏和警示标志。结尾。`;
    const notes = describeChanges(
      { ...base, sections: [{ title: "", text: text(7) }] },
      { ...base, sections: [{ title: "", text: text(9) }] },
    );
    expect(notes).toEqual([
      "修改：正文开头：“共排查出临水临崖路段9处、合计2.3公里，已全部设置护栏和警示标志。”",
    ]);
    const removedOnly = describeChanges(
      { ...base, sections: [{ title: "一", text: "甲。乙。" }] },
      { ...base, sections: [{ title: "一", text: "甲。" }] },
    );
    expect(removedOnly).toEqual(["修改：“一”"]);
    const longer = describeChanges(
      { ...base, sections: [{ title: "一", text: "甲。" }] },
      { ...base, sections: [{ title: "一", text: `甲。${"新".repeat(60)}。` }] },
    );
    expect(longer).toEqual([`修改：“一”：“${"新".repeat(39)}…”`]);
  });

  it("a difference elsewhere, and many differences counted", () => {
    expect(describeChanges(base, { ...base })).toEqual(["其他内容有修改"]);
    const many = Array.from({ length: 9 }, (_, i) => ({ title: `节${i}`, text: "x" }));
    const notes = describeChanges(base, { ...base, sections: many });
    expect(notes).toHaveLength(6);
    expect(notes.at(-1)).toBe("另有 6 处修改");
  });
});

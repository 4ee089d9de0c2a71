import { writeFileSync } from "node:fs";
import path from "node:path";
import type { InlineKeyboardMarkup } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAction } from "../../adapters/telegram/callback-data.ts";
import { listReplies } from "../../src/storage/reply.repository.ts";
import { tempDir } from "../helpers/corpus.ts";
import { fixtureReplyText } from "../helpers/fixture-replies.ts";
import {
  ADMIN_GROUP,
  ALICE,
  answersTo,
  answerTo,
  BOB,
  FORUM,
  PRIVATE_CHAT,
  startTelegramHarness,
  type TelegramHarness,
  visibleText,
} from "./telegram-harness.ts";

const HOSTILE = "<script>alert(1)</script> 园区数字化改造投入 R&D 经费 <b>3.5亿元</b>，\u0007控制字符 不应显示。";
const LONG_SECTION = Array.from(
  { length: 500 },
  (_, i) => `第${i + 1}项园区数字化改造措施覆盖企业、平台与公共服务，推动设备更新和数据互通。`,
).join("");

let h: TelegramHarness;
let extra: { dir: string; cleanup: () => void };
beforeAll(async () => {
  extra = tempDir("dafu-tg-corpus-");
  writeFileSync(
    path.join(extra.dir, "hostile.txt"),
    fixtureReplyText({
      docNumber: "测经信复〔2025〕7号",
      issuer: "上海市测试经济和信息化委员会",
      number: "0999",
      title: "关于推进园区数字化改造的提案",
      topics: [
        ["数字化改造", HOSTILE],
        ["措施清单", LONG_SECTION],
      ],
      date: "2025-03-10",
    }),
  );
  writeFileSync(
    path.join(extra.dir, "no-doc-number.txt"),
    fixtureReplyText({
      docNumber: "",
      issuer: "示例县发展和改革局",
      session: "示例县十八届人大三次会议",
      number: "12",
      kind: "代表建议",
      title: "关于加快乡村物流网点建设的建议",
      topics: [["物流网点", "全县已建成村级物流服务点86个，快递进村覆盖率达到95%。"]],
      date: "2024-06-20",
    }),
  );
  h = await startTelegramHarness({ ingest: [extra.dir] });
});
afterAll(async () => {
  await h.close();
  extra.cleanup();
});

/** A question the bundled corpus answers, taken from its own data (the newest reply's issuer). */
async function corpusQuestion(): Promise<{ question: string; docNumbers: string[] }> {
  const replies = await listReplies(h.app.db, { limit: 100 });
  return {
    question: "高新技术企业有多少家",
    docNumbers: replies.map((r) => r.docNumber).filter((d): d is string => d !== null),
  };
}

describe("telegram adapter: answering", () => {
  it("answers a private question with cited excerpts, replying to it", async () => {
    const { docNumbers } = await corpusQuestion();
    const { message } = h.fake.userSays(PRIVATE_CHAT.id, ALICE, "高新技术企业有多少家");
    const call = await answerTo(h.fake, PRIVATE_CHAT.id, message.message_id);
    const text = visibleText(call);
    expect(String(call.payload.text)).toContain("<blockquote>");
    expect(docNumbers.some((d) => text.includes(d))).toBe(true);
    expect(call.payload.link_preview_options).toEqual({ is_disabled: true });
  });
});

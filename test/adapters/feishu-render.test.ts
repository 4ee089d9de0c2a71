import { describe, expect, it } from "vitest";
import { decodeCardAction, encodeCardAction } from "../../adapters/feishu/card-action.ts";
import { escapeCardMarkdown } from "../../adapters/feishu/card-markdown.ts";
import { readMessage } from "../../adapters/feishu/message-context.ts";
import { renderFeishuCard } from "../../adapters/feishu/render-card.ts";
import { renderFeishuPost } from "../../adapters/feishu/render-post.ts";
import { retryDecision } from "../../adapters/feishu/retry-policy.ts";
import { larkLogger } from "../../adapters/feishu/sdk-logger.ts";
import type { AnswerItem, BotReply, Citation } from "../../src/answering/reply-model.ts";
import { checkCardMarkdown, readCard, readPost } from "../fakes/feishu-card-check.ts";

const HOSTILE = "<at id=all></at> 5 * 3 [x](y) </font> https://evil.example/a_b ~~s~~ # h | `c`";

const citation: Citation = {
  label: "沪科提复〔2023〕45号",
  docNumber: "沪科提复〔2023〕45号",
  issuer: "上海市科学技术委员会",
  date: "2023-06-01",
  section: "一、工作进展",
  subsection: null,
  replyKind: "答复",
  proposalTitle: "关于加快科技成果转化的建议",
  place: "上海市",
  resultCategory: "A",
};

function item(text: string, marked = "成果"): AnswerItem {
  const [before, after] = text.split(marked);
  return {
    citation,
    excerpt: text,
    segments: [
      { text: before ?? "", mark: false },
      { text: marked, mark: true },
      { text: after ?? "", mark: false },
    ],
    score: 1,
  };
}

function answer(items: AnswerItem[], page = 1, hasMore = true): BotReply {
  return { kind: "answer", query: "科技成果转化", items, page, hasMore, notes: [HOSTILE] };
}

describe("feishu card renderer", () => {
  it("renders an excerpt full of markup as plain text", () => {
    const msg = renderFeishuCard(answer([item(`成果${HOSTILE}`)]), { resultSetId: "abc" });
    const card = readCard(msg.content);
    expect(msg.msgType).toBe("interactive");
    expect(card.text).toContain(HOSTILE.replace("://", "：//"));
    expect(msg.content).not.toContain("<at");
    expect(msg.content).not.toContain("://");
    expect(msg.content).not.toContain("](");
  });

  it("cites each excerpt: 文号, issuer, date, place and 办理结果", () => {
    const card = readCard(renderFeishuCard(answer([item("科技成果转化平台")])).content);
    for (const part of [
      "沪科提复〔2023〕45号",
      "上海市科学技术委员会",
      "2023-06-01",
      "办理结果 A 类",
    ])
      expect(card.text).toContain(part);
    expect(card.title).toBe("科技成果转化");
  });

  it("offers next, previous and full-section buttons that decode to actions", () => {
    const card = readCard(
      renderFeishuCard(answer([item("成果一"), item("成果二")], 2, true), { resultSetId: "rs1" })
        .content,
    );
    const actions = card.buttons.map((b) => decodeCardAction(b.value));
    expect(actions).toContainEqual({ verb: "page", resultSetId: "rs1", page: 3, item: 0 });
    expect(actions).toContainEqual({ verb: "page", resultSetId: "rs1", page: 1, item: 0 });
    expect(actions).toContainEqual({ verb: "section", resultSetId: "rs1", page: 2, item: 1 });
    expect(readCard(renderFeishuCard(answer([item("成果")])).content).buttons).toEqual([]);
  });

  it("keeps a long section under 30 KB and says it was cut", () => {
    const text = `${"<at id=all></at>*[x](y)".repeat(800)}\n${"科技成果转化。".repeat(4000)}`;
    const msg = renderFeishuCard({ kind: "section", citation, text });
    const card = readCard(msg.content);
    expect(card.bytes).toBeLessThan(30 * 1024);
    expect(card.text).toContain("节选");
  });

  it("keeps every reply kind with long hostile inputs under 30 KB, saying what was cut", () => {
    const long = (n: number) => `${HOSTILE} 科技成果转化 `.repeat(n);
    const hostileCitation: Citation = {
      ...citation,
      label: long(20),
      docNumber: long(20),
      issuer: long(20),
      section: long(20),
      proposalTitle: long(20),
      place: long(5),
    };
    const bigItem: AnswerItem = { ...item(long(40)), citation: hostileCitation };
    const listItem = {
      label: long(5),
      issuer: long(5),
      date: long(2),
      replyKind: "答复",
      proposalTitle: long(5),
    };
    const document = {
      ...listItem,
      docNumber: long(5),
      proposalKind: "建议",
      session: long(5),
      proposalNumber: long(2),
      proposers: Array.from({ length: 200 }, () => long(1)),
      recipient: long(2),
      result: long(20),
      sections: Array.from({ length: 60 }, () => long(10)),
    };
    const many = Array.from({ length: 200 }, () => long(3));
    const replies: BotReply[] = [
      {
        kind: "answer",
        query: long(30),
        items: [bigItem, bigItem, bigItem],
        page: 2,
        hasMore: true,
        notes: many,
      },
      { kind: "document", document, related: many },
      {
        kind: "list",
        title: long(10),
        items: Array.from({ length: 300 }, () => listItem),
        notes: many,
      },
      {
        kind: "help",
        intro: long(200),
        examples: { question: long(50), docNumber: long(50), issuer: long(50), year: 2025 },
      },
      { kind: "section", citation: hostileCitation, text: long(2000) },
      { kind: "no_answer", reason: "no_match", query: long(100), tips: many, notes: many },
      { kind: "not_found", reason: "ambiguous", reference: long(100), suggestions: many },
      { kind: "error", code: "X", message: long(500) },
    ];
    for (const reply of replies) {
      const card = readCard(
        renderFeishuCard(reply, { resultSetId: "rs1", chatType: "group" }).content,
      );
      expect(card.bytes, reply.kind).toBeLessThan(25_000);
      expect(card.text.length, reply.kind).toBeGreaterThan(100);
    }
    const doc = readCard(renderFeishuCard(replies[1] as BotReply).content).text;
    expect(doc).toContain("未列出");
    const list = readCard(renderFeishuCard(replies[2] as BotReply).content).text;
    expect(list).toContain("未列出");
  });

  it("escapes any text into markdown that reads back as that text", () => {
    const alphabet = "<>&*_~[]()#-+=;`\\|!{$}:@/. aw中\n1";
    // What a reader sees: indentation dropped, `://` with a full-width colon.
    const shown = (t: string) => t.replace(/^[ \t]+/gm, "").replace(/:\/\//g, "：//");
    for (let seed = 1; seed < 2000; seed++) {
      let s = "";
      for (let i = 0, x = seed; i < 40; i++, x = (x * 48271) % 2147483647)
        s += alphabet[x % alphabet.length];
      const checked = checkCardMarkdown(escapeCardMarkdown(s));
      expect(checked).toEqual({ ok: true, text: shown(s) });
    }
    const entities = "&lt;at id=all&gt; &#60; &amp; www.evil.example a@b.cn 1. x\n+ y\n===";
    expect(checkCardMarkdown(escapeCardMarkdown(entities))).toEqual({ ok: true, text: entities });
  });

  it("uses only the entities Feishu documents, and numbers excerpts 1、", () => {
    const msg = renderFeishuCard(answer([item(`成果${HOSTILE} & | : + . 1.`)]), {
      resultSetId: "a",
    });
    const used = new Set(msg.content.match(/&[#A-Za-z0-9]+;/g));
    const documented = "&#42; &#60; &#62; &sim; &#95; &#91; &#93; &#35; &#45; &#96; &#92;".split(
      " ",
    );
    expect([...used].filter((e) => !documented.includes(e))).toEqual([]);
    expect(readCard(msg.content).text).toMatch(/^1、/m);
    expect(msg.content).not.toContain("&#46;");
  });

  it("falls back to a post of plain text nodes", () => {
    const post = readPost(renderFeishuPost(answer([item(`成果${HOSTILE}`)])).content);
    expect(post).toContain(HOSTILE);
    expect(post).toContain("沪科提复〔2023〕45号");
  });
});

describe("feishu card actions", () => {
  it("round-trips and refuses values that are not ours", () => {
    const action = { verb: "section", resultSetId: "Ab_9-", page: 4, item: 2 } as const;
    expect(decodeCardAction(encodeCardAction(action))).toEqual(action);
    for (const junk of [
      null,
      "p",
      { v: "x", r: "a", p: 1 },
      { v: "p", r: "a b", p: 1 },
      { v: "p", r: "a", p: 0 },
    ])
      expect(decodeCardAction(junk)).toBeNull();
  });
});

describe("feishu retry policy", () => {
  const f = (code: number, status: number | null = 400, resetSeconds: number | null = null) => ({
    code,
    message: "",
    status,
    resetSeconds,
  });
  it("backs off on limits, retries a rejected token once, stops on the monthly quota", () => {
    expect(retryDecision(f(230020), 0, false, { backoffMs: 100 }).kind).toBe("wait");
    expect(retryDecision(f(230020), 3, false).kind).toBe("fail");
    const gateway = retryDecision(f(99991400, 429, 2), 0, false, { backoffMs: 100 });
    expect(gateway.kind === "wait" && gateway.ms >= 2000).toBe(true);
    expect(retryDecision(f(99991663, 200), 0, false).kind).toBe("token");
    expect(retryDecision(f(99991663, 200), 1, true).kind).toBe("fail");
    expect(retryDecision(f(99991403, 429), 0, false).kind).toBe("quota");
    expect(retryDecision(f(230002), 0, false).kind).toBe("fail");
    expect(retryDecision(f(0, null), 0, false).kind).toBe("wait");
  });
});

describe("feishu message reading", () => {
  const BOT = "ou_bot";
  const event = (
    chatType: string,
    text: string,
    mentions: { key: string; id?: { open_id?: string }; name?: string }[] = [],
    type = "text",
  ) => ({
    sender: { sender_id: { open_id: "ou_alice" }, sender_type: "user" },
    message: {
      message_id: "om_1",
      chat_id: "oc_1",
      chat_type: chatType,
      message_type: type,
      content: type === "text" ? JSON.stringify({ text }) : text,
      mentions,
    },
  });
  const bot = { key: "@_user_1", id: { open_id: BOT }, name: "dafu" };

  it("answers a group only when the bot itself is mentioned", () => {
    const read = readMessage(event("group", "@_user_1 科技成果", [bot]), BOT);
    expect(read.kind === "message" && read.incoming.text).toBe("科技成果");
    expect(readMessage(event("group", "科技成果"), BOT).kind).toBe("ignore");
    expect(
      readMessage(event("group", "@_all 科技成果", [{ key: "@_all", name: "所有人" }]), BOT).kind,
    ).toBe("ignore");
    const namesake = { key: "@_user_1", id: { open_id: "ou_other" }, name: "dafu" };
    expect(readMessage(event("group", "@_user_1 科技成果", [namesake]), BOT).kind).toBe("ignore");
  });

  it("reads post messages and answers other types with a request for text", () => {
    const post = JSON.stringify({
      title: "",
      content: [
        [
          { tag: "at", user_id: "@_user_1" },
          { tag: "text", text: " 最新" },
        ],
      ],
    });
    const read = readMessage(event("group", post, [bot], "post"), BOT);
    expect(read.kind === "message" && read.incoming.text).toBe("最新");
    expect(readMessage(event("p2p", '{"image_key":"k"}', [], "image"), BOT).kind).toBe(
      "unsupported",
    );
    const dm = readMessage(event("p2p", "/help"), BOT);
    expect(dm.kind === "message" && dm.incoming.context?.chatType).toBe("private");
  });
});

describe("feishu sdk logging", () => {
  it("keeps request configs (and the app secret in them) out of the log", () => {
    const lines: string[] = [];
    const log = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (message: string, fields?: Record<string, unknown>) =>
        lines.push(`${message} ${JSON.stringify(fields)}`),
    };
    const failure = Object.assign(new Error("Request failed with status code 400"), {
      config: { data: '{"app_id":"cli_x","app_secret":"very-secret-value"}' },
    });
    larkLogger(log).error(failure, { config: failure.config });
    expect(lines.join("\n")).toContain("status code 400");
    expect(lines.join("\n")).not.toContain("very-secret-value");
  });
});

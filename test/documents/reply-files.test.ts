import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { DocumentError } from "../../src/errors.ts";
import { corpusFile } from "../helpers/corpus.ts";

const seed = corpusFile("沪科提复-2023-45");

function failure(name: string, bytes: Uint8Array): string {
  try {
    parseReplyFile(name, bytes);
  } catch (error) {
    if (error instanceof DocumentError) return error.code;
    throw error;
  }
  throw new Error("parsed without error");
}

function gb18030(text: string): Uint8Array {
  // Node can decode GB18030 but not encode it; build the bytes from a decode table.
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const c = decoder.decode(new Uint8Array([hi, lo]));
      if (c.length === 1 && !table.has(c)) table.set(c, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(c) ?? [0x3f]));
  }
  return new Uint8Array(out);
}

describe("reply files in other formats and encodings", () => {
  it("reads a reply saved as an HTML page, skipping navigation, scripts and link lists", () => {
    const paragraphs = seed.text
      .split(/\n\s*\n/)
      .map((p) => `<p>${p.trim().replace(/&/g, "&amp;")}</p>`)
      .join("\n");
    const html = `<!DOCTYPE html><html><head><title>答复</title><script>var x = "<p>沪科提复〔2099〕1号</p>";</script>
      <style>p { color: red }</style></head><body>
      <nav><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></nav>
      <ul class="list"><li><a href="/1">对市政协第0001号提案的答复</a></li><li><a href="/2">其他答复</a></li><li><a href="/3">更多</a></li></ul>
      <div id="zoom">${paragraphs}</div>
      <div class="footer">版权所有 &copy; 上海市科学技术委员会</div></body></html>`;
    const doc = parseReplyFile("reply.html", new TextEncoder().encode(html));
    const plain = parseReplyFile(seed.name, seed.bytes);
    expect(doc).toEqual(plain);
  });

  it("decodes GB18030 text", () => {
    const doc = parseReplyFile("gbk.txt", gb18030(seed.text));
    expect(doc.docNumber).toBe("沪科提复〔2023〕45号");
    expect(doc.proposers).toEqual(["姜雪峰", "洪亮", "王彦"]);
  });

  it("decodes UTF-16 with a byte-order mark", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed.text, "utf16le")]);
    expect(parseReplyFile("utf16.txt", utf16).docNumber).toBe("沪科提复〔2023〕45号");
  });

  it("reads full-width digits, half-width brackets and a Chinese-numeral date", () => {
    const text = seed.text
      .replace("沪科提复〔2023〕45号", "沪科提复（２０２３）４５号")
      .replace(/2023年5月16日/g, "二〇二三年五月十六日");
    const doc = parseReplyFile("x.txt", new TextEncoder().encode(text));
    // The 文号 is kept as printed (digits made half-width); lookup compares it in any bracket style.
    expect(doc.docNumber).toBe("沪科提复（2023）45号");
    expect(doc.date).toBe("2023-05-16");
  });
});

describe("files that are not replies", () => {
  const cases: [string, string, Uint8Array][] = [
    ["an empty file", "FILE_EMPTY", new Uint8Array()],
    ["a file of blank lines", "FILE_EMPTY", new TextEncoder().encode("\n\n   \n\t\n")],
    [
      "a PNG image",
      "FILE_BINARY",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    ],
    [
      "random bytes",
      "FILE_BINARY",
      new Uint8Array(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 251)),
    ],
    ["a file cut inside a character", "FILE_TRUNCATED", seed.bytes.subarray(0, 1001)],
    [
      "a reply cut mid-sentence before its signature",
      "FILE_TRUNCATED",
      new TextEncoder().encode(seed.text.slice(0, 1500)),
    ],
    [
      "a header without a body",
      "NO_REPLY_BODY",
      new TextEncoder().encode(seed.text.slice(0, seed.text.indexOf("你们提出的"))),
    ],
    ["English text", "NOT_A_REPLY", new TextEncoder().encode("This is not a reply.\n")],
    [
      "Chinese text that is no reply",
      "NOT_A_REPLY",
      new TextEncoder().encode("今天天气很好。\n\n我们去公园散步。"),
    ],
    [
      "an HTML page without a reply",
      "NOT_A_REPLY",
      new TextEncoder().encode(
        "<html><body><nav>首页</nav><p>页面不存在，请返回首页。</p></body></html>",
      ),
    ],
  ];
  for (const [label, code, bytes] of cases) {
    it(`rejects ${label} with ${code}`, () => {
      expect(failure("file.txt", bytes)).toBe(code);
    });
  }

  it("reads a reply with no 文号 and no session: its identity is issuer, title and date", () => {
    const text =
      "关于第12号提案的答复\n\n张三委员：\n\n你们提出的“关于某事的提案”收悉。现答复如下。\n\n县民政局\n\n2024年1月2日";
    const doc = parseReplyFile("x.txt", new TextEncoder().encode(text));
    expect(doc).toMatchObject({
      docNumber: null,
      session: null,
      proposalNumber: "12",
      proposalKind: "提案",
      proposers: ["张三"],
      proposalTitle: "关于某事的提案",
      issuer: "县民政局",
      date: "2024-01-02",
    });
  });

  it("makes sure the truncation case really cuts a multi-byte character", () => {
    expect(() =>
      new TextDecoder("utf-8", { fatal: true }).decode(seed.bytes.subarray(0, 1001)),
    ).toThrow();
  });
});

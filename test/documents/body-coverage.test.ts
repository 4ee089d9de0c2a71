import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplyFile, replyFileText } from "../../src/documents/parse-reply-file.ts";
import { parseReplyText } from "../../src/documents/reply-parser.ts";
import { hashDocument } from "../../src/ingest/ingest.ts";
import { isDateLine } from "../../src/text/chinese-numerals.ts";
import { halfWidthAlnum } from "../../src/text/chinese-text.ts";

/**
 * No body line is ever lost: every line between the greeting and the closing
 * of every reply fixture appears in some section's text.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = [
  "test/fixtures/variety",
  "test/fixtures/heldout",
  "test/fixtures/heldout-probes",
  "test/fixtures/replies",
  "test/fixtures/lookup",
  "index-data",
];
const REPLY_FILE = /\.(?:txt|md|html?)$/;
/** Where the body ends: thanks, 特此/此复, 以上意见, contact, 抄送, 附件. */
const CLOSING =
  /^(?:(?:衷心|诚挚|再次|非常)?感谢|特此|此复|此致|专此|谨此|以上(?:意见|答复)|[（(]?(?:联系|承办|经办|抄送|附件|附[：:]))/;

/** One form for comparing: no whitespace or markdown markers, half-width digits, full-width brackets. */
function normalise(text: string): string {
  return halfWidthAlnum(text)
    .replace(/[\s#*>`|]/g, "")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）");
}

/** A date line, month-only dates included (`2024年6月`). */
function isDate(line: string): boolean {
  return isDateLine(line) || (line.length <= 20 && /年.{1,3}月/.test(line));
}

/** A signature (a short unpunctuated line before a date or the end) or the date itself. */
function isSignatureOrDate(lines: readonly string[], at: number): boolean {
  const line = lines[at] ?? "";
  if (isDate(line)) return true;
  if (line.length > 60 || /[，。；！？]/.test(line)) return false;
  const next = lines.slice(at + 1, at + 5);
  return next.length === 0 || next.some(isDate);
}

/** The body lines a reader sees: after the line the first section starts in, up to the closing. */
function bodyLines(text: string, firstSection: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => normalise(l).length > 0);
  const anchor = normalise(firstSection).slice(0, 12);
  const start = lines.findIndex((l) => normalise(l).includes(anchor));
  expect(start, "the first section's text is in the file").toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (CLOSING.test(line) || isSignatureOrDate(lines, i)) break;
    out.push(line);
  }
  return out;
}

const files = DIRS.flatMap((dir) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => REPLY_FILE.test(f) && !/^README/i.test(f))
    .map((f) => path.join(dir, f)),
);

describe("every body line is kept in a section", () => {
  for (const file of files) {
    const bytes = readFileSync(path.join(ROOT, file));
    let doc: ReturnType<typeof parseReplyFile> | null = null;
    try {
      doc = parseReplyFile(file, bytes);
    } catch {
      doc = null; // not a reply (negative fixtures live beside the replies)
    }
    if (!doc) continue;
    const parsed = doc;
    it(file, () => {
      const kept = normalise(parsed.sections.map((s) => `${s.title}${s.text}`).join(""));
      const text = replyFileText(file, bytes);
      const lost = bodyLines(text, parsed.sections[0]?.text ?? "").filter(
        (l) => !kept.includes(normalise(l)),
      );
      expect(lost).toEqual([]);
    });
  }
  it("covers the fixtures", () => {
    expect(files.length).toBeGreaterThan(50);
  });
});

const ITEMS = [
  "区人力资源社会保障局",
  "关于市七届人大二次会议第18号建议的答复",
  "王小明代表：",
  "您提出的关于加强欠薪治理的建议收悉，现答复如下：",
  "一、全面推行农民工工资专用账户制度，截至2024年5月，全区在建项目开户率达98%。",
  "二、推进智慧监管平台建设，已接入在建项目46个。",
  "三、加强部门联动",
  "感谢您对我们工作的关心和支持。",
  "区人力资源社会保障局",
  "2024年6月3日",
];

describe("numbered items that are sentences", () => {
  it("keeps each item as its own section with its text, and a bare heading keeps its line", () => {
    const doc = parseReplyText(ITEMS.join("\n"));
    const text = doc.sections.map((s) => s.text).join("\n");
    expect(text).toContain("开户率达98%");
    expect(text).toContain("已接入在建项目46个");
    expect(text).toContain("三、加强部门联动");
  });

  it("a changed figure in an item changes the document (a revision)", () => {
    const before = parseReplyText(ITEMS.join("\n"));
    const after = parseReplyText(ITEMS.join("\n").replace("46个", "64个"));
    expect(hashDocument(after)).not.toBe(hashDocument(before));
  });
});

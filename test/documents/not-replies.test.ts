import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { DocumentError } from "../../src/errors.ts";

/** Texts found next to replies on disclosure sites that are not replies themselves. */
const DIR = path.resolve(import.meta.dirname, "../fixtures/not-replies");

function rejection(file: string): DocumentError {
  try {
    parseReplyFile(file, readFileSync(path.join(DIR, file)));
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error(`${file} parsed as a reply`);
}

const CASES: [string, RegExp][] = [
  ["n01-news-story.txt", /新闻报道/],
  ["n02-statistics-notice.txt", /统计或通报/],
  ["n03-proposal-text.md", /建议或提案本身/],
  ["n04-navigation-page.html", /导航或列表/],
  ["n05-README.md", /说明文档/],
  ["n06-proposal-to-a-body.txt", /建议或提案本身/],
  ["n07-meeting-news.txt", /新闻报道/],
];

describe("texts that are not replies", () => {
  for (const [file, reason] of CASES) {
    it(`rejects ${file} as NOT_A_REPLY, saying what it is`, () => {
      const error = rejection(file);
      expect(error.code).toBe("NOT_A_REPLY");
      expect(error.message).toMatch(reason);
    });
  }
});
